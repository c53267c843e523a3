using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Models;

/// <summary>How far a call's recording is from being playable (the body of the status endpoint and of a 202).</summary>
public sealed record RecordingStatusDto(
    string CallSid,
    string State,
    int? RetryAfterSeconds,
    long? BytesDownloaded,
    long? TotalBytes,
    int? DurationSeconds,
    string? Error,
    StateDto Transcript,
    StateDto Summary,
    string? RecordingSid = null,
    bool AtTwilio = true,
    DateTimeOffset? ExpiredAt = null,
    RedactionDto? Redaction = null);

/// <summary>
/// A recording's redaction (null for a recording its business did not redact): <c>pending</c> (stored, not served until
/// the redacted copy replaces it), <c>done</c> or <c>failed</c>; how many stretches were removed; and whether the
/// unredacted original is <c>kept</c> (encrypted, for admins) or <c>deleted</c> (null until it is done).
/// </summary>
public sealed record RedactionDto(string State, int Items, string? Original)
{
    public static RedactionDto? Of(Recording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return Of(recording.State, recording.Redaction, recording.RedactedItems, recording.Original is not null);
    }

    public static RedactionDto? Of(
        RecordingState state, RedactionProgress progress, int items, bool originalKept) => progress switch
    {
        RedactionProgress.None => null,
        RedactionProgress.Done => new RedactionDto("done", items, originalKept ? "kept" : "deleted"),
        _ when state == RecordingState.Failed => new RedactionDto("failed", 0, null),
        _ => new RedactionDto("pending", 0, null),
    };

    /// <summary>
    /// The state a recording is reported in: one awaiting redaction is stored, but not playable, so it says
    /// <c>downloading</c> (complete) until the redacted copy replaces it.
    /// </summary>
    public static string StateOf(RecordingState state, RedactionProgress progress) =>
        state == RecordingState.Ready && progress == RedactionProgress.Pending
            ? RecordingState.Downloading.ToName()
            : state.ToName();
}

/// <summary>A stretch of a recording that redaction removed (<c>redactions[]</c> of a call): times of the words, the entity's name.</summary>
public sealed record RedactionItemDto(string? RecordingSid, double StartSeconds, double EndSeconds, string Entity);

/// <summary>A recording's waveform: its length and one lane of peaks (0..1) per speaker.</summary>
public sealed record PeaksDto(double DurationSeconds, IReadOnlyList<PeaksLaneDto> Channels);

/// <param name="Speaker"><c>customer</c>, <c>agent</c>, or null for a mono recording.</param>
public sealed record PeaksLaneDto(string? Speaker, IReadOnlyList<double> Peaks);
