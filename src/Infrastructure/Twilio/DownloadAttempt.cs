using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Twilio;

/// <summary>How one download attempt ended.</summary>
public enum DownloadAttemptKind
{
    /// <summary>The recording was stored (the upload committed).</summary>
    Stored,

    /// <summary>A transient failure: worth another attempt.</summary>
    Retryable,

    /// <summary>Twilio says the recording does not exist.</summary>
    Gone,

    /// <summary>A failure that another attempt would repeat (wrong credentials, a refused redirect...).</summary>
    Permanent,
}

/// <summary>
/// The result of one download attempt, as the retry policy sees it. <see cref="Problem"/> is a sentence fit for the
/// recording's <c>error</c> (no credentials, no internal paths); <see cref="ProblemKey"/> groups attempts that failed the
/// same way (e.g. <c>status:503</c>) so the final message can say how often it happened.
/// </summary>
public sealed record DownloadAttempt(
    DownloadAttemptKind Kind,
    StoredRecording? Stored,
    string? ProblemKey,
    string? Problem,
    TimeSpan? RetryAfter)
{
    public static DownloadAttempt Succeeded(StoredRecording stored) => new(DownloadAttemptKind.Stored, stored, null, null, null);

    public static DownloadAttempt Retryable(string problemKey, string problem, TimeSpan? retryAfter = null) =>
        new(DownloadAttemptKind.Retryable, null, problemKey, problem, retryAfter);

    public static DownloadAttempt Gone(string problem) => new(DownloadAttemptKind.Gone, null, "gone", problem, null);

    public static DownloadAttempt Permanent(string problemKey, string problem) =>
        new(DownloadAttemptKind.Permanent, null, problemKey, problem, null);
}
