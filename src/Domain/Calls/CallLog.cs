using Recordings.Domain.Common;

namespace Recordings.Domain.Calls;

/// <summary>
/// A call that went through Twilio, as its webhooks told us about it. Twilio may deliver callbacks more than once
/// and in any order, so every change here is idempotent and a status never moves backwards.
/// </summary>
public sealed class CallLog
{
    public const int MaxPartyLength = 64;

    private CallLog(string callSid, string accountSid, DateTimeOffset createdAt)
    {
        CallSid = callSid;
        AccountSid = accountSid;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public string CallSid { get; private set; }

    public string AccountSid { get; private set; }

    /// <summary>The business that owns the call's number; null while unknown (visible to no agent).</summary>
    public Guid? BusinessId { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public CallDirection Direction { get; private set; }

    public CallStatus Status { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public int? DurationSeconds { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Recording Recording { get; private set; } = new();

    public ProcessingState TranscriptState { get; private set; }

    public ProcessingState SummaryState { get; private set; }

    public static CallLog Create(string callSid, string accountSid, DateTimeOffset now)
    {
        if (!Sid.IsCallSid(callSid))
        {
            throw new DomainRuleException("invalid_call", $"'{callSid}' is not a call SID.");
        }

        if (!Sid.IsAccountSid(accountSid))
        {
            throw new DomainRuleException("invalid_call", $"'{accountSid}' is not an account SID.");
        }

        return new CallLog(callSid, accountSid, now);
    }

    /// <summary>Applies one call-status callback. Returns whether anything changed.</summary>
    public bool ApplyStatus(CallStatusReport report, Guid? businessId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var changed = false;

        if (From is null || To is null)
        {
            From = report.From;
            To = report.To;
            Direction = report.Direction;
            changed = true;
        }

        if (BusinessId is null && businessId is not null)
        {
            BusinessId = businessId;
            changed = true;
        }

        if (!Status.IsFinal() && report.Status > Status)
        {
            Status = report.Status;
            changed = true;
        }

        // The duration belongs to the final status that won: a later, different final report
        // (Twilio never sends one, but a replayed or forged-order callback could) does not rewrite it.
        if (report.DurationSeconds is { } duration && DurationSeconds != duration && report.Status.IsFinal()
            && report.Status == Status)
        {
            DurationSeconds = duration;
            changed = true;
        }

        var eventTime = report.Timestamp ?? now;
        var started = report.Status.IsFinal() && report.DurationSeconds is { } seconds && report.Timestamp is not null
            ? eventTime.AddSeconds(-seconds)
            : eventTime;
        if (StartedAt is null || started < StartedAt)
        {
            StartedAt = started;
            changed = true;
        }

        return Touch(changed, now);
    }

    /// <summary>Twilio reports a completed recording: it now exists at Twilio.</summary>
    public bool AttachRecording(string recordingSid, string recordingUrl, int? durationSeconds, int? channels, DateTimeOffset now) =>
        Touch(Recording.Attach(recordingSid, recordingUrl, durationSeconds, channels, now), now);

    /// <summary>Twilio reports the recording absent or failed: the call has no recording.</summary>
    public bool MarkRecordingAbsent(string? recordingSid, string reason, DateTimeOffset now) =>
        Touch(Recording.MarkAbsent(recordingSid, reason), now);

    /// <summary>Queues a download unless one is queued or running or the file is here (see <see cref="Recording"/>).</summary>
    public bool RequestRecordingDownload(DateTimeOffset now) => Touch(Recording.RequestDownload(now), now);

    public bool StartRecordingDownload(DateTimeOffset now) => Touch(Recording.StartDownload(), now);

    public bool RecordDownloadProgress(long bytesDownloaded, long? totalBytes, DateTimeOffset now) =>
        Touch(Recording.ReportProgress(bytesDownloaded, totalBytes), now);

    public bool CompleteRecordingDownload(long length, string sha256, DateTimeOffset now) =>
        Touch(Recording.MarkDownloaded(length, sha256, now), now);

    public bool FailRecordingDownload(string error, DateTimeOffset now) => Touch(Recording.MarkDownloadFailed(error), now);

    public bool MarkRecordingGone(string reason, DateTimeOffset now) => Touch(Recording.MarkGone(reason), now);

    public bool MarkRecordingFileLost(DateTimeOffset now) => Touch(Recording.MarkFileLost(), now);

    private bool Touch(bool changed, DateTimeOffset now)
    {
        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }
}

/// <summary>What one call-status callback says about a call.</summary>
public sealed record CallStatusReport(
    string From,
    string To,
    CallDirection Direction,
    CallStatus Status,
    int? DurationSeconds,
    DateTimeOffset? Timestamp);
