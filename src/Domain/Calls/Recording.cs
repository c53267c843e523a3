using Recordings.Domain.Common;

namespace Recordings.Domain.Calls;

/// <summary>
/// One recording of a call (a call may have several: transfers, conferences, a <c>&lt;Record&gt;</c> after a
/// <c>&lt;Dial&gt;</c>), keyed by its <see cref="RecordingSid"/>: where it is at Twilio and how far it is from being
/// playable here. Each has its own state and download.
/// </summary>
public sealed class Recording : IStartOrdered
{
    // EF Core, and the stand-in of a call without any recording (see CallLog.Recording).
    internal Recording()
    {
    }

    internal Recording(string recordingSid, int position)
    {
        if (!Sid.IsRecordingSid(recordingSid))
        {
            throw new DomainRuleException("invalid_recording", $"'{recordingSid}' is not a recording SID.");
        }

        RecordingSid = recordingSid;
        Position = position;
    }

    /// <summary>Twilio's SID of the recording; null only for the stand-in of a call without any recording.</summary>
    public string? RecordingSid { get; private set; }

    /// <summary>In which order the call learnt of its recordings (0, 1, ...): the order among those that started together.</summary>
    public int Position { get; private set; }

    /// <summary>When the recording started (Twilio's <c>RecordingStartTime</c>), when known: recordings are listed in start order.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Whether this recording's speech is in the call's transcript.</summary>
    public bool Transcribed { get; private set; }

    /// <summary>What was said in this recording (the call's transcript text joins those of its recordings).</summary>
    public string? TranscriptText { get; private set; }

    public string? RecordingUrl { get; private set; }

    public RecordingState State { get; private set; } = RecordingState.Missing;

    /// <summary>
    /// How long Twilio's callback said the recording is (<c>RecordingDuration</c>). Only a claim: it may be 0 or merely
    /// wrong, so once the audio is measured <see cref="LengthSeconds"/> goes by the audio instead.
    /// </summary>
    public int? DurationSeconds { get; private set; }

    /// <summary>How long the stored audio is, decoded, when it was analyzed (seconds); null until then.</summary>
    public double? MeasuredDurationSeconds { get; private set; }

    /// <summary>
    /// How long the recording is, in whole seconds, as agents are told: its audio's own length once measured
    /// (<see cref="MeasuredDurationSeconds"/>), else what Twilio said (<see cref="DurationSeconds"/>), else unknown.
    /// </summary>
    public int? LengthSeconds => MeasuredDurationSeconds is { } measured ? WholeSeconds(measured) : DurationSeconds;

    /// <summary>A measured length in whole seconds, as durations are shown (3.8 s is 4 s, 11.02 s is 11 s).</summary>
    public static int WholeSeconds(double seconds) => (int)Math.Round(seconds, MidpointRounding.AwayFromZero);

    public int? Channels { get; private set; }

    /// <summary>When Twilio reported the recording completed (the start of the download's 404 grace period).</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    public long? BytesDownloaded { get; private set; }

    public long? TotalBytes { get; private set; }

    public string? Error { get; private set; }

    /// <summary>SHA-256 (hex) of the stored file: the strong ETag of what agents play.</summary>
    public string? ContentSha256 { get; private set; }

    /// <summary>
    /// Where the file is (or is being) stored, relative to the store's root (see <see cref="RecordingStorageKey"/>);
    /// chosen when a download starts, so it never changes while the recording is ready.
    /// </summary>
    public string? StorageKey { get; private set; }

    /// <summary>When the verified file was moved into storage (Last-Modified).</summary>
    public DateTimeOffset? StoredAt { get; private set; }

    /// <summary>When the current or last download was queued.</summary>
    public DateTimeOffset? DownloadQueuedAt { get; private set; }

    /// <summary>When the app deleted Twilio's copy (after storing and verifying its own); null while Twilio has it.</summary>
    public DateTimeOffset? TwilioCopyDeletedAt { get; private set; }

    /// <summary>Talk and silence measured on the stored audio; null until it is analyzed.</summary>
    public RecordingMetrics? Metrics { get; private set; }

    /// <summary>The stretches of at least 2 s where nobody speaks, measured with <see cref="Metrics"/>.</summary>
    public IReadOnlyList<Silence> Silences { get; private set; } = [];

    /// <summary>When the stored audio was analyzed (metrics, silences, peaks); null until then.</summary>
    public DateTimeOffset? AnalyzedAt { get; private set; }

    /// <summary>When the recording's audio was deleted under the business's retention policy.</summary>
    public DateTimeOffset? ExpiredAt { get; private set; }

    /// <summary>Whether Twilio still has the recording: false once the app deleted Twilio's copy.</summary>
    public bool AtTwilio => TwilioCopyDeletedAt is null;

    /// <summary>Our stored copy is the only one (Twilio's was deleted) and it is missing: nothing can download it again.</summary>
    public bool OnlyCopyLost => State == RecordingState.Failed && !AtTwilio;

    /// <summary>What an agent reads when the only copy is missing.</summary>
    public const string OnlyCopyLostError =
        "This recording's stored copy is missing, and Twilio's copy was deleted after it was stored, so it cannot be downloaded again. "
        + "Tell your administrator: it can be played again once the storage is restored.";

    /// <summary>Whether a download is queued or running, or the stored copy awaits redaction: playing it is a matter of time.</summary>
    public bool IsPending => State is RecordingState.Queued or RecordingState.Downloading || AwaitsRedaction;

    /// <summary>How far the recording's redaction is (<see cref="RedactionProgress.None"/> for a business that does not redact).</summary>
    public RedactionProgress Redaction { get; private set; }

    /// <summary>
    /// Stored, but what is stored is the unredacted original: nobody is served it (202 as while it downloads) until the
    /// redacted copy replaces it.
    /// </summary>
    public bool AwaitsRedaction => State == RecordingState.Ready && Redaction == RedactionProgress.Pending;

    /// <summary>How many stretches the redaction removed from this recording (0 before it is redacted).</summary>
    public int RedactedItems { get; private set; }

    /// <summary>
    /// The unredacted original, kept encrypted when the business keeps originals; null when it keeps none (or for a
    /// recording that was not redacted).
    /// </summary>
    public EncryptedOriginal? Original { get; private set; }

    internal bool Attach(string recordingUrl, int? durationSeconds, int? channels, DateTimeOffset? startedAt, DateTimeOffset now)
    {
        if (State != RecordingState.Missing)
        {
            // Twilio repeats callbacks: the same recording changes nothing.
            return false;
        }

        RecordingUrl = recordingUrl;
        StartedAt ??= startedAt;
        DurationSeconds = durationSeconds;
        Channels = channels;
        CompletedAt = now;
        State = RecordingState.Remote;
        Error = null;
        return true;
    }

    internal bool MarkAbsent(string reason)
    {
        if (State == RecordingState.Missing && Error == reason)
        {
            return false;
        }

        if (State is RecordingState.Ready or RecordingState.Queued or RecordingState.Downloading)
        {
            // Already here (or on its way): Twilio's late report does not make it disappear.
            return false;
        }

        State = RecordingState.Missing;
        Error = reason;
        return true;
    }

    /// <summary>
    /// Queues a download of a recording that is at Twilio, or whose last download failed. Returns false (and changes
    /// nothing) when one is already queued or running, or the file is here: that is what keeps it to one download.
    /// </summary>
    internal bool RequestDownload(DateTimeOffset now)
    {
        if (!AtTwilio)
        {
            // Twilio's copy was deleted: there is nothing to download (a lost only copy stays failed).
            return false;
        }

        switch (State)
        {
            case RecordingState.Remote or RecordingState.Failed:
                State = RecordingState.Queued;
                DownloadQueuedAt = now;
                BytesDownloaded = null;
                TotalBytes = null;
                Error = null;
                return true;
            case RecordingState.Queued or RecordingState.Downloading or RecordingState.Ready:
                return false;
            default:
                throw new DomainRuleException("recording_not_found", "The call has no recording to download.");
        }
    }

    /// <summary>The download job starts (or, after a crash, starts again). False when there is nothing to download.</summary>
    internal bool StartDownload(Guid? businessId)
    {
        if (State is not (RecordingState.Queued or RecordingState.Downloading) || RecordingSid is null)
        {
            return false;
        }

        State = RecordingState.Downloading;
        StorageKey = RecordingStorageKey.For(businessId, RecordingSid);
        BytesDownloaded = 0;
        TotalBytes = null;
        return true;
    }

    internal bool ReportProgress(long bytesDownloaded, long? totalBytes)
    {
        if (State != RecordingState.Downloading || bytesDownloaded < 0 || (totalBytes is { } total && total < 0))
        {
            return false;
        }

        BytesDownloaded = bytesDownloaded;
        TotalBytes = totalBytes;
        return true;
    }

    /// <summary>
    /// The file is stored, complete and verified. When <paramref name="redact"/> (the business redacts), or when this
    /// recording was redacted before (a lost copy downloaded again: it never plays unredacted), it awaits redaction.
    /// </summary>
    internal bool MarkDownloaded(long length, string sha256, DateTimeOffset storedAt, bool redact = false)
    {
        EnsureDownloading(nameof(MarkDownloaded));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        State = RecordingState.Ready;
        BytesDownloaded = length;
        TotalBytes = length;
        ContentSha256 = sha256;
        StoredAt = storedAt;
        Error = null;
        AutomaticRetries = 0;
        if (redact || Redaction != RedactionProgress.None)
        {
            Redaction = RedactionProgress.Pending;
        }

        return true;
    }

    /// <summary>
    /// A ready recording that was not redacted (stored before its business turned redaction on) is redacted now that
    /// its transcript is: it is not served until the redacted copy replaces it.
    /// </summary>
    internal bool RequireRedaction()
    {
        if (State != RecordingState.Ready || Redaction != RedactionProgress.None)
        {
            return false;
        }

        Redaction = RedactionProgress.Pending;
        return true;
    }

    /// <summary>
    /// The redacted copy is stored, complete and verified, at <paramref name="storageKey"/>: it is what everyone gets
    /// from now on (a new ETag and Last-Modified). The unredacted file is gone, or kept as <paramref name="original"/>.
    /// </summary>
    internal bool MarkRedacted(string storageKey, long length, string sha256, int items, EncryptedOriginal? original, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storageKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        if (!AwaitsRedaction)
        {
            return false;
        }

        Redaction = RedactionProgress.Done;
        StorageKey = storageKey;
        BytesDownloaded = length;
        TotalBytes = length;
        ContentSha256 = sha256;
        StoredAt = now;
        RedactedItems = items;
        Original = original;
        return true;
    }

    /// <summary>The kept original's data key, wrapped again (by the current master key after a rotation). The sealed bytes stay.</summary>
    internal bool RewrapOriginal(string wrappedKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wrappedKey);
        if (Original is null || Original.WrappedKey == wrappedKey)
        {
            return false;
        }

        Original = Original with { WrappedKey = wrappedKey };
        return true;
    }

    /// <summary>
    /// The redaction gave up after its retries (or the transcript it needs failed): the recording is failed with a
    /// sentence, and never served unredacted. <c>prepare</c> downloads it again, and it is redacted again.
    /// </summary>
    internal bool MarkRedactionFailed(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        if (!AwaitsRedaction)
        {
            return false;
        }

        State = RecordingState.Failed;
        Error = error;
        return true;
    }

    /// <summary>How many times the app queued this recording's failed download again on its own (reset once it is stored).</summary>
    public int AutomaticRetries { get; private set; }

    /// <summary>How many times a failed download is queued again without anyone asking (see <see cref="RetryFailedDownload"/>).</summary>
    public const int MaxAutomaticRetries = 3;

    /// <summary>
    /// A failed download is queued again without anyone asking: its attempts may all have been spent across passing
    /// outages (Twilio down, then the store down), and nobody may press Try again. Only while Twilio has the recording,
    /// at most <see cref="MaxAutomaticRetries"/> times; false (nothing changed) otherwise.
    /// </summary>
    internal bool RetryFailedDownload(DateTimeOffset now)
    {
        if (State != RecordingState.Failed || !AtTwilio || AutomaticRetries >= MaxAutomaticRetries)
        {
            return false;
        }

        AutomaticRetries++;
        return RequestDownload(now);
    }

    /// <summary>The download gave up after its retries; <c>prepare</c> may queue another.</summary>
    internal bool MarkDownloadFailed(string error)
    {
        EnsureDownloading(nameof(MarkDownloadFailed));
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        State = RecordingState.Failed;
        Error = error;
        return true;
    }

    /// <summary>Twilio says the recording is gone (404 after the grace period): the call has no recording.</summary>
    internal bool MarkGone(string reason)
    {
        EnsureDownloading(nameof(MarkGone));
        State = RecordingState.Missing;
        Error = reason;
        BytesDownloaded = null;
        TotalBytes = null;
        return true;
    }

    /// <summary>
    /// The database says ready but storage has no file (lost disk, evicted): it is at Twilio again. When Twilio's copy
    /// was deleted, the recording fails instead, with an error that says so, and keeps what identifies the stored file
    /// (its key, length and SHA-256) so that a restored file is recognised (<see cref="MarkOnlyCopyFound"/>).
    /// </summary>
    internal bool MarkFileLost()
    {
        if (State != RecordingState.Ready)
        {
            return false;
        }

        if (!AtTwilio)
        {
            State = RecordingState.Failed;
            Error = OnlyCopyLostError;
            return true;
        }

        State = RecordingState.Remote;
        ContentSha256 = null;
        StoredAt = null;
        StorageKey = null;
        BytesDownloaded = null;
        TotalBytes = null;
        return true;
    }

    /// <summary>Twilio's copy is deleted: the stored one, ready and verified, is now the only copy.</summary>
    internal bool MarkTwilioCopyDeleted(DateTimeOffset now)
    {
        if (State != RecordingState.Ready || !AtTwilio)
        {
            return false;
        }

        TwilioCopyDeletedAt = now;
        return true;
    }

    /// <summary>A lost only copy is in storage again (restored from a backup): it is ready again.</summary>
    internal bool MarkOnlyCopyFound()
    {
        if (!OnlyCopyLost)
        {
            return false;
        }

        State = RecordingState.Ready;
        Error = null;
        return true;
    }

    /// <summary>
    /// Whether retention may expire it now: not while a download is queued or running (the next sweep takes it), and
    /// not a recording that never existed.
    /// </summary>
    public bool CanExpire => State is RecordingState.Remote or RecordingState.Ready or RecordingState.Failed;

    /// <summary>
    /// Its audio is deleted under the retention policy (ours and Twilio's): expired for good. What identified the
    /// stored file goes with it.
    /// </summary>
    internal bool Expire(DateTimeOffset now)
    {
        if (!CanExpire)
        {
            return false;
        }

        State = RecordingState.Expired;
        ExpiredAt = now;
        TwilioCopyDeletedAt ??= now;
        StorageKey = null;
        Original = null;
        ContentSha256 = null;
        StoredAt = null;
        BytesDownloaded = null;
        TotalBytes = null;
        Error = null;
        return true;
    }

    /// <summary>
    /// The stored audio was measured, <paramref name="durationSeconds"/> long as decoded: from now on that is how long
    /// the recording is. Only a ready recording is measured (what was measured is its file).
    /// </summary>
    internal bool RecordInsight(RecordingMetrics metrics, IReadOnlyList<Silence> silences, double durationSeconds, DateTimeOffset now)
    {
        if (!double.IsFinite(durationSeconds) || durationSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "A measured length is a finite number of seconds, 0 or more.");
        }

        if (State != RecordingState.Ready)
        {
            return false;
        }

        MeasuredDurationSeconds = durationSeconds;
        Metrics = metrics;
        Silences = [.. silences];
        AnalyzedAt = now;
        return true;
    }

    /// <summary>Its part of the transcript is deleted under the retention policy.</summary>
    internal void ForgetTranscript() => TranscriptText = null;

    /// <summary>Its speech is now in the call's transcript.</summary>
    internal void MarkTranscribed(string text)
    {
        Transcribed = true;
        TranscriptText = text;
    }

    private void EnsureDownloading(string transition)
    {
        if (State != RecordingState.Downloading)
        {
            throw new DomainRuleException("invalid_recording_transition",
                $"{transition} is only possible while the recording is downloading, not while it is {State}.");
        }
    }
}
