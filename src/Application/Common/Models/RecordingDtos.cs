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
    DateTimeOffset? ExpiredAt = null);

/// <summary>A recording's waveform: its length and one lane of peaks (0..1) per speaker.</summary>
public sealed record PeaksDto(double DurationSeconds, IReadOnlyList<PeaksLaneDto> Channels);

/// <param name="Speaker"><c>customer</c>, <c>agent</c>, or null for a mono recording.</param>
public sealed record PeaksLaneDto(string? Speaker, IReadOnlyList<double> Peaks);
