using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings;

public enum RecordingAnswerKind
{
    /// <summary>Stored here, complete and verified.</summary>
    Ready,

    /// <summary>A download is queued or running: try again after <see cref="RecordingStatusDto.RetryAfterSeconds"/>.</summary>
    Pending,

    /// <summary>The last download gave up; <see cref="RecordingStatusDto.Error"/> says why.</summary>
    Failed,

    /// <summary>Not playable and nothing on its way: missing, or at Twilio with no download queued (status only).</summary>
    Unavailable,
}

/// <summary>
/// What every recordings endpoint (prepare, file, status, peaks) answers: the status, and for a ready file what to
/// stream, for measured peaks the peaks. A ready file served from this node's memory (<see cref="IReadyRecordingCache"/>)
/// has no status: the file is the answer. The web layer writes it in one place (<c>RecordingResult</c>); a recording
/// that is not there (404) or expired (410) is an <see cref="Common.Exceptions.ExpectedOutcomeException"/> instead.
/// </summary>
public sealed record RecordingAnswer(
    RecordingAnswerKind Kind,
    RecordingStatusDto? Status,
    bool WaitApplied,
    RecordingFile? File = null,
    PeaksDto? Peaks = null)
{
    public const string NotFoundCode = "recording_not_found";

    /// <summary>The status; every answer but a ready file from memory has one.</summary>
    public RecordingStatusDto RequiredStatus => Status ?? throw new InvalidOperationException("This answer is a file without a status.");

    public static RecordingAnswer Ready(RecordingStatusDto? status, bool waitApplied, RecordingFile? file = null) =>
        new(RecordingAnswerKind.Ready, status, waitApplied, file);

    public static RecordingAnswer Pending(RecordingStatusDto status, bool waitApplied) => new(RecordingAnswerKind.Pending, status, waitApplied);

    public static RecordingAnswer Failed(RecordingStatusDto status, bool waitApplied) => new(RecordingAnswerKind.Failed, status, waitApplied);

    public const string ExpiredCode = "recording_expired";

    public static NotFoundException NotFound() => new(NotFoundCode, "This call has no recording.");

    /// <summary>The recording was deleted under the business's retention policy: 410, naming the date.</summary>
    public static GoneException Expired(Recording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var date = recording.ExpiredAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "an earlier date";
        return new(ExpiredCode, $"This recording was deleted under your retention policy on {date}.");
    }

    /// <summary>
    /// The answer of a decision (<see cref="CallLog.DecideRecordingRequest"/>) that is not a file or peaks: its kind and
    /// the status; a recording that is not there (404) or expired (410) is thrown as an expected outcome.
    /// </summary>
    public static RecordingAnswer For(RecordingDecision decision, RecordingStatusDto status, bool waitApplied)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Verdict switch
        {
            RecordingVerdict.NotFound => throw NotFound(),
            RecordingVerdict.Expired => throw Expired(decision.Recording!),
            RecordingVerdict.Ready => Ready(status, waitApplied),
            RecordingVerdict.Pending => Pending(status, waitApplied),
            RecordingVerdict.Failed => Failed(status, waitApplied),
            RecordingVerdict.Unavailable => new(RecordingAnswerKind.Unavailable, status, waitApplied),
            _ => throw new InvalidOperationException($"A {decision.Verdict} decision is carried out, not answered."),
        };
    }
}

/// <summary>
/// A stored recording as it is delivered: how to open it, its length, strong ETag and when it was stored, where the
/// browser may fetch it directly (a presigned URL, with <c>Delivery = redirect</c>), or the path the web server in
/// front sends it from (<c>X-Accel-Redirect</c>, with <c>Delivery = accel</c>); both null when the app streams it.
/// </summary>
/// <param name="RecordingSid">Which recording it is (for the audit trail).</param>
/// <param name="AttachmentFileName">When asked for as a download (<c>?download=1</c>): the name to save it as.</param>
/// <param name="Original">The unredacted original of a redacted recording (an admin's <c>?original=1</c>), audited as such.</param>
public sealed record RecordingFile(
    Func<CancellationToken, Task<Stream>> OpenAsync, long Length, string ContentType, string ETag, DateTimeOffset LastModified,
    Uri? DirectUrl = null, string? InternalRedirect = null, string? RecordingSid = null, string? AttachmentFileName = null, bool Original = false)
{
    public const string AudioContentType = "audio/mpeg";

    /// <summary>
    /// How a ready recording is delivered (<paramref name="delivery"/>) from <paramref name="store"/>: its strong ETag is
    /// its SHA-256. A download is saved as <c>{callSid}.mp3</c>.
    /// </summary>
    public static async Task<RecordingFile> OfAsync(
        ReadyRecording ready, IRecordingStore store, IRecordingDelivery delivery, string callSid, bool download, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(delivery);
        var (key, length) = (ready.StorageKey, ready.Length);
        var attachment = download ? $"{callSid}.mp3" : null;
        var route = await delivery.RouteAsync(key, attachment, cancellationToken);
        return new RecordingFile(ct => store.OpenReadAsync(key, length, ct), length, AudioContentType, $"\"{ready.Sha256}\"",
            ready.LastModified, route.DirectUrl, route.InternalRedirect, ready.RecordingSid, attachment);
    }
}
