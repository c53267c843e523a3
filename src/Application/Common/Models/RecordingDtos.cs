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
