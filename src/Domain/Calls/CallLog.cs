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

    /// <summary>
    /// The accounts that took part in the call (attributed from the parties of the call and of its child legs, or set
    /// by an administrator); who may see the call follows from them (<see cref="Organisation.CallScope"/>).
    /// </summary>
    public Guid[] AgentIds { get; private set; } = [];

    /// <summary>
    /// The call this one is a leg of (Twilio's <c>ParentCallSid</c>, for example the dial to an agent): a leg is not a call
    /// of its own, it belongs to no business and is never listed; its parties attribute the parent.
    /// </summary>
    public string? ParentCallSid { get; private set; }

    /// <summary>The business's own number on the call (the line): the number called for an inbound call, else the caller.</summary>
    public string? BusinessNumber => Direction == CallDirection.Inbound ? To : From;

    public string? To { get; private set; }

    public CallDirection Direction { get; private set; }

    public CallStatus Status { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>
    /// How long Twilio's call-status callback said the call lasted (<c>CallDuration</c>). Only a claim: once a recording
    /// is measured, <see cref="LengthSeconds"/> goes by the audio instead.
    /// </summary>
    public int? DurationSeconds { get; private set; }

    /// <summary>
    /// How long the call is, in whole seconds, as agents are told: once any of its recordings is measured, the length
    /// of its measured audio (see <see cref="LengthOf"/>); before that, what Twilio said (<see cref="DurationSeconds"/>).
    /// </summary>
    public int? LengthSeconds => LengthOf(DurationSeconds, _recordings.Select(r => r.MeasuredDurationSeconds));

    /// <summary>
    /// A call's length from what Twilio reported and its recordings' measured lengths (null: not measured): the sum of
    /// the measured ones, once there is one, because that is what can be played; else the reported one. The calls list
    /// reads the same from its rows.
    /// </summary>
    public static int? LengthOf(int? reportedSeconds, IEnumerable<double?> measuredSeconds)
    {
        ArgumentNullException.ThrowIfNull(measuredSeconds);
        double? total = null;
        foreach (var measured in measuredSeconds)
        {
            if (measured is { } seconds)
            {
                total = (total ?? 0) + seconds;
            }
        }

        return total is { } sum ? Recording.WholeSeconds(sum) : reportedSeconds;
    }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    private readonly List<Recording> _recordings = [];

    /// <summary>Every recording of the call, in the order the call learnt of them (see <see cref="RecordingsInOrder"/>).</summary>
    public IReadOnlyList<Recording> Recordings => _recordings;

    /// <summary>
    /// The call's recordings in start order: Twilio's start time, or for a recording reported without one when Twilio
    /// reported it completed; then in the order they came.
    /// </summary>
    public IReadOnlyList<Recording> RecordingsInOrder => InStartOrder(_recordings);

    private static List<T> InStartOrder<T>(IEnumerable<T> recordings)
        where T : IStartOrdered =>
        [.. recordings.OrderBy(r => r.StartedAt ?? r.CompletedAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.Position)];

    /// <summary>
    /// The first of a call's recordings (see <see cref="Recording"/>), from what orders them alone (the calls list reads
    /// only that), or the default when the call has none.
    /// </summary>
    public static T? FirstOf<T>(IEnumerable<T> recordings)
        where T : IStartOrdered
    {
        var ordered = InStartOrder(recordings);
        return ordered.Find(r => r.State != RecordingState.Missing) ?? (ordered.Count > 0 ? ordered[0] : default);
    }

    /// <summary>
    /// The call's first recording: what the call-level <c>recording</c> describes and what a request without a
    /// recording SID addresses. The first in start order that Twilio did not report absent (when all were, the first);
    /// a call without any recording has a stand-in in state <see cref="RecordingState.Missing"/>.
    /// </summary>
    public Recording Recording => FirstOf(_recordings) ?? new Recording();

    /// <summary>The recording a request addresses: <paramref name="recordingSid"/> when given (null when the call has no such recording), else the first.</summary>
    public Recording? RecordingFor(string? recordingSid) =>
        recordingSid is null ? Recording : _recordings.Find(r => r.RecordingSid == recordingSid);

    private Recording RecordingOf(string recordingSid) => _recordings.Find(r => r.RecordingSid == recordingSid)
        ?? throw new DomainRuleException("recording_not_found", $"Call {CallSid} has no recording {recordingSid}.");

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

    /// <summary>Marks the call as a leg of <paramref name="parentCallSid"/> (see <see cref="ParentCallSid"/>). Returns whether anything changed.</summary>
    public bool MarkAsLegOf(string parentCallSid, DateTimeOffset now)
    {
        if (!Sid.IsCallSid(parentCallSid) || parentCallSid == CallSid)
        {
            throw new DomainRuleException("invalid_call", $"'{parentCallSid}' cannot be the parent of {CallSid}.");
        }

        var changed = ParentCallSid is null;
        ParentCallSid ??= parentCallSid;
        return Touch(changed, now);
    }

    /// <summary>Adds accounts found among the call's parties (a callback, a leg, reconciliation). Returns whether anything changed.</summary>
    public bool AttributeTo(IEnumerable<Guid> accountIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var added = accountIds.Except(AgentIds).ToArray();
        if (added.Length > 0)
        {
            AgentIds = [.. AgentIds, .. added];
        }

        return Touch(added.Length > 0, now);
    }

    /// <summary>Sets the call's agents to exactly these accounts (an administrator's correction). Returns whether anything changed.</summary>
    public bool SetAgents(IEnumerable<Guid> accountIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var agents = accountIds.Distinct().ToArray();
        var changed = !agents.ToHashSet().SetEquals(AgentIds);
        if (changed)
        {
            AgentIds = agents;
        }

        return Touch(changed, now);
    }

    // The start of a call that lasted `seconds` until `end`; a duration reaching before the calendar's start (only a
    // forged or corrupt report could say so) leaves the end as the best known time instead of overflowing.
    private static DateTimeOffset SecondsBefore(DateTimeOffset end, int seconds) =>
        (end - DateTimeOffset.MinValue).TotalSeconds >= seconds ? end.AddSeconds(-seconds) : end;

    /// <summary>Twilio reports a completed recording: it now exists at Twilio. A recording the call already has changes nothing.</summary>
    public bool AttachRecording(
        string recordingSid, string recordingUrl, int? durationSeconds, int? channels, DateTimeOffset now, DateTimeOffset? startedAt = null)
    {
        var firstBefore = Recording.RecordingSid;
        var changed = (_recordings.Find(r => r.RecordingSid == recordingSid) ?? Add(recordingSid))
            .Attach(recordingUrl, durationSeconds, channels, startedAt, now);
        if (changed && firstBefore is not null && Recording.RecordingSid != firstBefore)
        {
            // A recording that started earlier arrived late (a lost callback backfilled): the call's first recording
            // is another one now, and nodes forget what they remembered as the first.
            Raise(new RecordingFileGone(CallSid, null));
        }

        return Touch(changed, now);
    }

    /// <summary>Twilio reports a recording absent or failed: that recording does not exist (the others are untouched).</summary>
    public bool MarkRecordingAbsent(string recordingSid, string reason, DateTimeOffset now) =>
        Touch((_recordings.Find(r => r.RecordingSid == recordingSid) ?? Add(recordingSid)).MarkAbsent(reason), now);

    private Recording Add(string recordingSid)
    {
        var recording = new Recording(recordingSid, _recordings.Count);
        _recordings.Add(recording);
        return recording;
    }

    /// <summary>Queues a download unless one is queued or running or the file is here (see <see cref="Domain.Calls.Recording"/>).</summary>
    public bool RequestRecordingDownload(string recordingSid, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = recording.RequestDownload(now);
        if (changed && recording.State == RecordingState.Queued)
        {
            Raise(new RecordingDownloadRequested(CallSid, recordingSid));
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// Queues a failed download again without anyone asking (the heal sweep, a while after it failed): see
    /// <see cref="Domain.Calls.Recording.RetryFailedDownload"/>.
    /// </summary>
    public bool RetryFailedDownload(string recordingSid, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = recording.RetryFailedDownload(now);
        if (changed)
        {
            Raise(new RecordingDownloadRequested(CallSid, recordingSid));
        }

        return Touch(changed, now);
    }

    public bool StartRecordingDownload(string recordingSid, DateTimeOffset now) =>
        Touch(_recordings.Find(r => r.RecordingSid == recordingSid)?.StartDownload(BusinessId) ?? false, now);

    public bool RecordDownloadProgress(string recordingSid, long bytesDownloaded, long? totalBytes, DateTimeOffset now) =>
        Touch(RecordingOf(recordingSid).ReportProgress(bytesDownloaded, totalBytes), now);

    /// <summary>
    /// The recording is stored and verified; its transcript can now run (see <see cref="TranscriptDueAfterDownload"/>).
    /// When the business redacts (<paramref name="redact"/>), or the recording was redacted before, what is stored is the
    /// unredacted original: it is not served, nor measured, nor is Twilio's copy deleted, until the redacted copy
    /// replaces it (<see cref="CompleteRedaction"/>): after the transcript, or at once when its transcript is here already
    /// (a lost copy downloaded again).
    /// </summary>
    public bool CompleteRecordingDownload(string recordingSid, long length, string sha256, DateTimeOffset now, bool redact = false)
    {
        var recording = RecordingOf(recordingSid);
        var changed = Settled(recording, recording.MarkDownloaded(length, sha256, now, redact));
        if (changed)
        {
            if (!recording.AwaitsRedaction)
            {
                Raise(new RecordingStored(CallSid, recordingSid));
            }
            else if (recording.Transcribed)
            {
                Raise(new RedactionDue(CallSid, recordingSid));
            }
            else if (TranscriptState == ProcessingState.Disabled)
            {
                // No transcript will come (transcription is off): it cannot be redacted, and is never served unredacted.
                Settled(recording, recording.MarkRedactionFailed(RedactionWithoutTranscriptionError));
                return Touch(true, now);
            }

            TranscriptDueAfterDownload(recording);
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// What redaction removed from the call's recordings (each stretch's times relative to its recording): the words
    /// in the transcript are placeholders, and the audio is covered there.
    /// </summary>
    public IReadOnlyList<Redaction.Redaction> Redactions { get; private set; } = [];

    /// <summary>The stretches of one recording that its redacted copy covers.</summary>
    public IReadOnlyList<Redaction.Redaction> RedactionsOf(string recordingSid) =>
        [.. Redactions.Where(r => (r.RecordingSid ?? Recording.RecordingSid) == recordingSid)];

    /// <summary>
    /// The redacted copy of a recording awaiting redaction is stored and verified at <paramref name="storageKey"/>:
    /// from now on it is what everyone gets. It is stored as far as the rest of the pipeline is concerned
    /// (<see cref="RecordingStored"/>: measured, and Twilio's unredacted copy deleted), and waiting requests learn of it.
    /// </summary>
    public bool CompleteRedaction(string recordingSid, string storageKey, long length, string sha256, EncryptedOriginal? original, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = recording.MarkRedacted(storageKey, length, sha256, RedactionsOf(recordingSid).Count, original, now);
        if (changed)
        {
            Raise(new RecordingStored(CallSid, recordingSid, Redacted: true));
            Raise(new RecordingSettled(CallSid, recordingSid, recording.State));
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// A kept original's data key wrapped again by the current master key (a rotation): only when it is still wrapped as
    /// <paramref name="wrappedBefore"/> (a concurrent rotation wins once).
    /// </summary>
    public bool RewrapOriginal(string recordingSid, string wrappedBefore, string wrappedNow, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        return Touch(recording.Original?.WrappedKey == wrappedBefore && recording.RewrapOriginal(wrappedNow), now);
    }

    /// <summary>The redaction of a recording gave up: it is failed with <paramref name="error"/> (never served unredacted).</summary>
    public bool FailRedaction(string recordingSid, string error, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        return Touch(Settled(recording, recording.MarkRedactionFailed(error)), now);
    }

    /// <summary>What an agent reads when a recording of a business that redacts was stored while transcription is off.</summary>
    public const string RedactionWithoutTranscriptionError =
        "This recording cannot be redacted because transcription is turned off on this installation; it is not played unredacted. Tell your administrator.";

    /// <summary>What an agent reads when a recording could not be redacted because its transcript failed.</summary>
    public const string RedactionNeedsTranscriptError =
        "This recording could not be redacted because its transcription failed; it is not played unredacted. Try again later.";

    /// <summary>
    /// A recording just stored: its transcript is due when a transcript was asked for (queued), or when the call's
    /// transcript was written before this recording was here (another part of the call arrived later).
    /// </summary>
    private void TranscriptDueAfterDownload(Recording recording)
    {
        if (recording.Transcribed)
        {
            return;
        }

        if (TranscriptState is ProcessingState.Done or ProcessingState.Failed)
        {
            TranscriptState = ProcessingState.Queued;
        }

        if (TranscriptState == ProcessingState.Queued)
        {
            Raise(new TranscriptionDue(CallSid));
        }
    }

    public bool FailRecordingDownload(string recordingSid, string error, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        return Touch(Settled(recording, recording.MarkDownloadFailed(error)), now);
    }

    public bool MarkRecordingGone(string recordingSid, string reason, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = Settled(recording, recording.MarkGone(reason));
        SettleQueuedTranscript();
        return Touch(changed, now);
    }

    /// <summary>
    /// A queued transcript with nothing (left) to transcribe, because its recordings are gone or expired, is done with
    /// what it has (or none), rather than queued for ever.
    /// </summary>
    private void SettleQueuedTranscript()
    {
        if (TranscriptState == ProcessingState.Queued
            && !_recordings.Any(r => r.State is not (RecordingState.Missing or RecordingState.Expired) && !r.Transcribed))
        {
            TranscriptState = _recordings.Any(r => r.Transcribed) ? ProcessingState.Done : ProcessingState.None;
        }
    }

    /// <summary>A download that ended (whatever its outcome) is announced, so that waiting requests learn of it.</summary>
    private bool Settled(Recording recording, bool changed)
    {
        if (changed)
        {
            Raise(new RecordingSettled(CallSid, recording.RecordingSid, recording.State));
        }

        return changed;
    }

    /// <summary>
    /// The stored file is gone (released on purpose, or lost): the recording is at Twilio again, or, when the stored
    /// copy was the only one, failed (and waiting requests learn of it).
    /// </summary>
    public bool MarkRecordingFileLost(string recordingSid, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = recording.MarkFileLost();
        if (changed)
        {
            Raise(new RecordingFileGone(CallSid, recordingSid));
            if (recording.OnlyCopyLost)
            {
                Raise(new RecordingSettled(CallSid, recordingSid, recording.State));
            }
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// A step of the pipeline (transcription, analysis) found the copy of this recording stored at
    /// <paramref name="storedAt"/> missing from storage, or of another length. It heals as a request that finds it so
    /// does: while Twilio has the recording it is queued for download again, and the steps that need it run once it is
    /// stored again (<see cref="RecordingStored"/>, and <see cref="TranscriptionDue"/> for a queued transcript); when the
    /// stored copy was the only one, the recording fails with <see cref="Calls.Recording.OnlyCopyLostError"/>. Nothing
    /// changes when the recording is no longer that stored copy (found lost already, or stored again since).
    /// </summary>
    public bool RecoverLostRecordingFile(string recordingSid, DateTimeOffset? storedAt, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        if (recording.State != RecordingState.Ready || recording.StoredAt != storedAt || !MarkRecordingFileLost(recordingSid, now))
        {
            return false;
        }

        if (recording.State == RecordingState.Remote)
        {
            RequestRecordingDownload(recordingSid, now);
        }

        return true;
    }

    /// <summary>
    /// What a request for the recording <paramref name="recordingSid"/> (null: the call's first) does now, the rules of
    /// the recordings endpoints in one place: a recording at Twilio is queued (by prepare and the file endpoint), a ready
    /// one is served once storage says its stored copy is there and queued again when it is gone, a failed one is
    /// retried by prepare only, a lost only copy found in storage again is restored (by prepare), an expired one is
    /// refused, and reads (status, peaks) write nothing. Pure: a verdict that changes the call
    /// (<see cref="RecordingDecision.ChangesCall"/>) is carried out by <see cref="CarryOut"/>, decided again on the call
    /// as it is under its lock.
    /// </summary>
    /// <param name="storedCopy">
    /// What storage said of the recording's stored copy, once the request looked (asked for by
    /// <see cref="RecordingVerdict.LookUpStoredCopy"/>).
    /// </param>
    public RecordingDecision DecideRecordingRequest(string? recordingSid, RecordingRequest request, StoredCopy storedCopy = StoredCopy.NotLookedUp)
    {
        if (RecordingFor(recordingSid) is not { } recording)
        {
            return new(RecordingVerdict.NotFound, null);
        }

        var reads = request is RecordingRequest.Status or RecordingRequest.Peaks;
        var verdict = recording.State switch
        {
            // Stored, but unredacted: nobody gets it until the redacted copy replaces it.
            RecordingState.Ready when recording.AwaitsRedaction => RecordingVerdict.Pending,
            RecordingState.Missing => request == RecordingRequest.Status ? RecordingVerdict.Unavailable : RecordingVerdict.NotFound,
            RecordingState.Expired => request == RecordingRequest.Status ? RecordingVerdict.Unavailable : RecordingVerdict.Expired,
            RecordingState.Queued or RecordingState.Downloading => RecordingVerdict.Pending,
            // Reads look nothing up: the status says ready, the peaks are kept apart from the file.
            RecordingState.Ready when reads => RecordingVerdict.Ready,
            RecordingState.Ready => storedCopy switch
            {
                StoredCopy.Found => RecordingVerdict.Ready,
                StoredCopy.Gone => RecordingVerdict.StoredCopyGone,
                _ => RecordingVerdict.LookUpStoredCopy,
            },
            // A lost only copy cannot be downloaded again; prepare looks whether it was restored.
            RecordingState.Failed when recording.OnlyCopyLost && request == RecordingRequest.Prepare => storedCopy switch
            {
                StoredCopy.Found => RecordingVerdict.RestoreOnlyCopy,
                StoredCopy.Gone => RecordingVerdict.Failed,
                _ => RecordingVerdict.LookUpStoredCopy,
            },
            RecordingState.Failed when recording.AtTwilio && request == RecordingRequest.Prepare => RecordingVerdict.Queue,
            RecordingState.Failed => RecordingVerdict.Failed,
            RecordingState.Remote => request switch
            {
                RecordingRequest.Status => RecordingVerdict.Unavailable,
                // Reading peaks asks nothing of Twilio: the player prepares the recording first.
                RecordingRequest.Peaks => RecordingVerdict.Pending,
                // Nothing can download a recording whose copy at Twilio is deleted (not a state the rules reach).
                _ => recording.AtTwilio ? RecordingVerdict.Queue : RecordingVerdict.Failed,
            },
            _ => throw new DomainRuleException("invalid_recording_state", $"No rule for a recording in state {recording.State}."),
        };
        var reason = verdict == RecordingVerdict.Queue
            ? recording.State == RecordingState.Failed ? QueueReason.RetryFailed : QueueReason.Remote
            : (QueueReason?)null;
        return new(verdict, recording, reason);
    }

    /// <summary>
    /// Carries out a decision of <see cref="DecideRecordingRequest"/> taken on this call (under its lock): queues the
    /// download, marks a gone stored copy lost (queued again while Twilio has the recording, failed when it was the only
    /// copy), or restores a found only copy. Returns whether anything changed; other verdicts change nothing.
    /// </summary>
    public bool CarryOut(RecordingDecision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.ChangesCall || decision.Recording is not { RecordingSid: { } recordingSid } recording)
        {
            return false;
        }

        if (!_recordings.Contains(recording))
        {
            throw new DomainRuleException("invalid_decision", $"The decision concerns a recording of another reading of call {CallSid}.");
        }

        return decision.Verdict switch
        {
            RecordingVerdict.Queue => RequestRecordingDownload(recordingSid, now),
            RecordingVerdict.StoredCopyGone => RecoverLostRecordingFile(recordingSid, recording.StoredAt, now),
            _ => MarkOnlyCopyFound(recordingSid, now),
        };
    }

    /// <summary>
    /// A recording's audio was deleted under the retention policy (ours and Twilio's): it is expired for good. Nodes
    /// forget the stored file and waiting requests learn of it.
    /// </summary>
    public bool ExpireRecording(string recordingSid, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        var changed = recording.Expire(now);
        if (changed)
        {
            Raise(new RecordingFileGone(CallSid, recordingSid));
            Raise(new RecordingSettled(CallSid, recordingSid, recording.State));
            SettleQueuedTranscript();
        }

        return Touch(changed, now);
    }

    /// <summary>
    /// A stored recording was measured on its audio (talk, silence, overtalk; the silences; how long it is, which from
    /// now on is the recording's length, and the call's, see <see cref="LengthSeconds"/>).
    /// </summary>
    public bool RecordInsight(
        string recordingSid, RecordingMetrics metrics, IReadOnlyList<Silence> silences, double durationSeconds, DateTimeOffset now)
    {
        if (!RecordingOf(recordingSid).RecordInsight(metrics, silences, durationSeconds, now))
        {
            return false;
        }

        SilenceSeconds = Math.Round(_recordings.Where(r => r.Metrics is not null).Sum(r => r.Metrics!.SilenceSeconds), 2);
        return Touch(true, now);
    }

    /// <summary>
    /// The silence of the call: summed over its measured recordings when they are measured (null until one is), so
    /// that the calls list sorts and filters by it from an index instead of summing every call's recordings.
    /// </summary>
    public double? SilenceSeconds { get; private set; }

    /// <summary>When the transcript and summary were deleted under the retention policy.</summary>
    public DateTimeOffset? TranscriptExpiredAt { get; private set; }

    /// <summary>
    /// The transcript and summary are deleted under the retention policy: their state becomes expired, and nothing
    /// of what was said is kept (the recordings' own parts included).
    /// </summary>
    public bool ExpireTranscript(DateTimeOffset now)
    {
        if (TranscriptState is ProcessingState.None or ProcessingState.Disabled or ProcessingState.Expired)
        {
            return false;
        }

        TranscriptState = ProcessingState.Expired;
        SummaryState = SummaryState == ProcessingState.Disabled ? ProcessingState.Disabled : ProcessingState.Expired;
        TranscriptExpiredAt = now;
        TranscriptText = null;
        TranscriptSegments = [];
        SummaryText = null;
        ProcessingError = null;
        foreach (var recording in _recordings)
        {
            recording.ForgetTranscript();
        }

        return Touch(true, now);
    }

    /// <summary>Twilio's copy of a stored, verified recording was deleted: ours is the only one from now on.</summary>
    public bool MarkTwilioCopyDeleted(string recordingSid, DateTimeOffset now) =>
        Touch(RecordingOf(recordingSid).MarkTwilioCopyDeleted(now), now);

    /// <summary>A lost only copy is in storage again (restored): the recording plays again.</summary>
    public bool MarkOnlyCopyFound(string recordingSid, DateTimeOffset now)
    {
        var recording = RecordingOf(recordingSid);
        return Touch(Settled(recording, recording.MarkOnlyCopyFound()), now);
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
        else if (ToTranscribe.Count > 0)
        {
            // Already downloaded (an agent played it first): the pipeline goes on from the transcript.
            Raise(new TranscriptionDue(CallSid));
        }

        return Touch(true, now);
    }

    /// <summary>The stored recordings whose speech is not in the transcript yet, in start order: what a transcription run reads.</summary>
    public IReadOnlyList<Recording> ToTranscribe =>
        [.. RecordingsInOrder.Where(r => r.State == RecordingState.Ready && !r.Transcribed)];

    /// <summary>The state of a step: <see cref="TranscriptState"/> or <see cref="SummaryState"/>.</summary>
    public ProcessingState StateOf(ProcessingStep step) => step == ProcessingStep.Transcript ? TranscriptState : SummaryState;

    /// <summary>
    /// The step's job starts (or starts again after a crash or a transient failure): a queued or interrupted step whose
    /// input is here (the stored recording for the transcript, the transcript for the summary).
    /// </summary>
    public bool StartProcessing(ProcessingStep step, DateTimeOffset now)
    {
        var inputReady = step == ProcessingStep.Transcript
            ? ToTranscribe.Count > 0
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
        if (step == ProcessingStep.Transcript)
        {
            // Redaction reads the transcript: without one, a recording awaiting redaction could never be served.
            foreach (var waiting in _recordings.Where(r => r.AwaitsRedaction && !r.Transcribed).ToList())
            {
                Settled(waiting, waiting.MarkRedactionFailed(RedactionNeedsTranscriptError));
            }
        }

        return Touch(true, now);
    }

    /// <summary>
    /// The transcripts of some recordings are here: their segments join the call's transcript (in start order, each
    /// segment naming its recording, times relative to it), and the summary of the whole call is queued next (or
    /// disabled). When another recording was stored meanwhile, the transcript stays queued for it (and the summary
    /// waits for it).
    /// </summary>
    /// <param name="redactions">
    /// When the parts were redacted (the business redacts, or a part's recording awaits redaction): what was removed from
    /// them. Each part's recording is then redacted too (<see cref="RedactionDue"/>), one stored before its business
    /// turned redaction on included. Null: the parts were not redacted.
    /// </param>
    public bool CompleteTranscript(
        IReadOnlyList<RecordingTranscript> parts, bool summarize, DateTimeOffset now, IReadOnlyList<Redaction.Redaction>? redactions = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        EnsureRunning(TranscriptState, nameof(CompleteTranscript));
        foreach (var part in parts)
        {
            var recording = RecordingOf(part.RecordingSid);
            recording.MarkTranscribed(part.Text.Trim());
            if (redactions is not null)
            {
                recording.RequireRedaction();
                if (recording.AwaitsRedaction)
                {
                    Raise(new RedactionDue(CallSid, part.RecordingSid));
                }
            }
        }

        if (redactions is not null)
        {
            Redactions = [.. Redactions.Where(r => parts.All(p => p.RecordingSid != r.RecordingSid)), .. redactions];
        }

        var order = RecordingsInOrder.Select(r => r.RecordingSid).ToList();
        var segments = TranscriptSegments
            .Where(s => parts.All(p => p.RecordingSid != s.RecordingSid))
            .Concat(parts.SelectMany(p => p.Segments.Select(s => s with { RecordingSid = p.RecordingSid })))
            .OrderBy(s => order.IndexOf(s.RecordingSid ?? Recording.RecordingSid))
            .ThenBy(s => s.StartSeconds)
            .ToList();
        TranscriptLanguage = parts.Select(p => p.Language).FirstOrDefault(l => l is not null) ?? TranscriptLanguage;
        TranscriptText = string.Join("\n\n", RecordingsInOrder.Select(r => r.TranscriptText).Where(t => !string.IsNullOrWhiteSpace(t)));
        TranscriptSegments = segments;
        ProcessingError = null;
        if (ToTranscribe.Count > 0)
        {
            // Another part of the call was stored while this run read the others: it is transcribed next.
            TranscriptState = ProcessingState.Queued;
            Raise(new TranscriptionDue(CallSid));
            return Touch(true, now);
        }

        TranscriptState = ProcessingState.Done;
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

/// <summary>What an engine heard in one recording of a call.</summary>
public sealed record RecordingTranscript(string RecordingSid, string? Language, string Text, IReadOnlyList<TranscriptSegment> Segments);

/// <summary>What one call-status callback says about a call.</summary>
public sealed record CallStatusReport(
    string From,
    string To,
    CallDirection Direction,
    CallStatus Status,
    int? DurationSeconds,
    DateTimeOffset? Timestamp);
