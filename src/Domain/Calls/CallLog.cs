using Recordings.Domain.Common;

namespace Recordings.Domain.Calls;

/// <summary>
/// A call that went through Twilio, as its webhooks told us about it. Twilio may deliver callbacks more than once
/// and in any order, so every change here is idempotent and a status never moves backwards.
/// </summary>
public sealed class CallLog : AggregateRoot
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

    /// <summary>The transcript's language (ISO 639-1, e.g. <c>en</c>, <c>he</c>), when known.</summary>
    public string? TranscriptLanguage { get; private set; }

    public string? TranscriptText { get; private set; }

    public IReadOnlyList<TranscriptSegment> TranscriptSegments { get; private set; } = [];

    /// <summary>Why the transcript or summary failed (the last failure), for operators.</summary>
    public string? ProcessingError { get; private set; }

    public string? SummaryText { get; private set; }

    /// <summary>Which engine wrote the summary (<c>extractive</c>, <c>openai</c>): an AI summary is labelled as such.</summary>
    public string? SummaryProvider { get; private set; }

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
            ? SecondsBefore(eventTime, seconds)
            : eventTime;
        if (StartedAt is null || started < StartedAt)
        {
            StartedAt = started;
            changed = true;
        }

        return Touch(changed, now);
    }

    // The start of a call that lasted `seconds` until `end`; a duration reaching before the calendar's start (only a
    // forged or corrupt report could say so) leaves the end as the best known time instead of overflowing.
    private static DateTimeOffset SecondsBefore(DateTimeOffset end, int seconds) =>
        (end - DateTimeOffset.MinValue).TotalSeconds >= seconds ? end.AddSeconds(-seconds) : end;

    /// <summary>Twilio reports a completed recording: it now exists at Twilio.</summary>
    public bool AttachRecording(string recordingSid, string recordingUrl, int? durationSeconds, int? channels, DateTimeOffset now) =>
        Touch(Recording.Attach(recordingSid, recordingUrl, durationSeconds, channels, now), now);

    /// <summary>Twilio reports the recording absent or failed: the call has no recording.</summary>
    public bool MarkRecordingAbsent(string? recordingSid, string reason, DateTimeOffset now) =>
        Touch(Recording.MarkAbsent(recordingSid, reason), now);

    /// <summary>Queues a download unless one is queued or running or the file is here (see <see cref="Recording"/>).</summary>
    public bool RequestRecordingDownload(DateTimeOffset now)
    {
        var changed = Recording.RequestDownload(now);
        if (changed && Recording.State == RecordingState.Queued)
        {
            Raise(new RecordingDownloadRequested(CallSid));
        }

        return Touch(changed, now);
    }

    public bool StartRecordingDownload(DateTimeOffset now) => Touch(Recording.StartDownload(BusinessId), now);

    public bool RecordDownloadProgress(long bytesDownloaded, long? totalBytes, DateTimeOffset now) =>
        Touch(Recording.ReportProgress(bytesDownloaded, totalBytes), now);

    /// <summary>The recording is stored and verified; a queued transcript can now run.</summary>
    public bool CompleteRecordingDownload(long length, string sha256, DateTimeOffset now)
    {
        var changed = Settled(Recording.MarkDownloaded(length, sha256, now));
        if (changed && TranscriptState == ProcessingState.Queued)
        {
            Raise(new TranscriptionDue(CallSid));
        }

        return Touch(changed, now);
    }

    public bool FailRecordingDownload(string error, DateTimeOffset now) => Touch(Settled(Recording.MarkDownloadFailed(error)), now);

    public bool MarkRecordingGone(string reason, DateTimeOffset now)
    {
        var changed = Settled(Recording.MarkGone(reason));
        if (TranscriptState == ProcessingState.Queued)
        {
            // Nothing to transcribe any more.
            TranscriptState = ProcessingState.None;
        }

        return Touch(changed, now);
    }

    /// <summary>A download that ended (whatever its outcome) is announced, so that waiting requests learn of it.</summary>
    private bool Settled(bool changed)
    {
        if (changed)
        {
            Raise(new RecordingSettled(CallSid, Recording.State));
        }

        return changed;
    }

    /// <summary>The stored file is gone (released on purpose, or lost): the recording is at Twilio again.</summary>
    public bool MarkRecordingFileLost(DateTimeOffset now)
    {
        var changed = Recording.MarkFileLost();
        if (changed)
        {
            Raise(new RecordingFileGone(CallSid));
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// Twilio's completed recording asks for the whole pipeline: the transcript is queued (or disabled when no engine is
    /// configured). Only once: a transcript that exists or is on its way is not asked for again.
    /// </summary>
    public bool RequestTranscript(bool enabled, DateTimeOffset now)
    {
        if (TranscriptState != ProcessingState.None)
        {
            return false;
        }

        TranscriptState = enabled ? ProcessingState.Queued : ProcessingState.Disabled;
        if (!enabled)
        {
            SummaryState = ProcessingState.Disabled;
        }
        else if (Recording.State == RecordingState.Ready)
        {
            // Already downloaded (an agent played it first): the pipeline goes on from the transcript.
            Raise(new TranscriptionDue(CallSid));
        }

        return Touch(true, now);
    }

    /// <summary>The state of a step: <see cref="TranscriptState"/> or <see cref="SummaryState"/>.</summary>
    public ProcessingState StateOf(ProcessingStep step) => step == ProcessingStep.Transcript ? TranscriptState : SummaryState;

    /// <summary>
    /// The step's job starts (or starts again after a crash or a transient failure): a queued or interrupted step whose
    /// input is here (the stored recording for the transcript, the transcript for the summary).
    /// </summary>
    public bool StartProcessing(ProcessingStep step, DateTimeOffset now)
    {
        var inputReady = step == ProcessingStep.Transcript
            ? Recording.State == RecordingState.Ready
            : TranscriptState == ProcessingState.Done;
        if (StateOf(step) is not (ProcessingState.Queued or ProcessingState.Running) || !inputReady)
        {
            return false;
        }

        SetState(step, ProcessingState.Running);
        return Touch(true, now);
    }

    /// <summary>A transient failure: the step goes back to the queue for its job's next attempt.</summary>
    public bool RequeueProcessing(ProcessingStep step, string error, DateTimeOffset now)
    {
        if (StateOf(step) != ProcessingState.Running)
        {
            return false;
        }

        SetState(step, ProcessingState.Queued);
        ProcessingError = error;
        return Touch(true, now);
    }

    /// <summary>The step's job gave up. The recording (and a done transcript) are untouched: the call still plays.</summary>
    public bool FailProcessing(ProcessingStep step, string error, DateTimeOffset now)
    {
        if (StateOf(step) is not (ProcessingState.Queued or ProcessingState.Running))
        {
            return false;
        }

        SetState(step, ProcessingState.Failed);
        ProcessingError = error;
        return Touch(true, now);
    }

    /// <summary>The transcript is here; the summary is queued next (or disabled).</summary>
    public bool CompleteTranscript(string? language, string text, IReadOnlyList<TranscriptSegment> segments, bool summarize, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(segments);
        EnsureRunning(TranscriptState, nameof(CompleteTranscript));
        TranscriptState = ProcessingState.Done;
        TranscriptLanguage = language;
        TranscriptText = text;
        TranscriptSegments = [.. segments];
        ProcessingError = null;
        SummaryState = summarize ? ProcessingState.Queued : ProcessingState.Disabled;
        if (summarize)
        {
            Raise(new SummaryDue(CallSid));
        }

        return Touch(true, now);
    }

    public bool CompleteSummary(string text, string provider, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        EnsureRunning(SummaryState, nameof(CompleteSummary));
        SummaryState = ProcessingState.Done;
        SummaryText = text;
        SummaryProvider = provider;
        ProcessingError = null;
        return Touch(true, now);
    }

    private void SetState(ProcessingStep step, ProcessingState state)
    {
        if (step == ProcessingStep.Transcript)
        {
            TranscriptState = state;
        }
        else
        {
            SummaryState = state;
        }
    }

    private static void EnsureRunning(ProcessingState state, string transition)
    {
        if (state != ProcessingState.Running)
        {
            throw new DomainRuleException("invalid_processing_transition", $"{transition} is only possible while running, not while {state}.");
        }
    }

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
