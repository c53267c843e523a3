using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Where recordings are kept once downloaded. Each is named by its storage key (<c>Recording.StorageKey</c>, made only
/// by <c>RecordingStorageKey</c>, relative to the store's root); a store refuses any other name.
/// </summary>
public interface IRecordingStore
{
    /// <summary>Starts writing a recording; nothing is visible under <paramref name="storageKey"/> until <see cref="IRecordingUpload.CommitAsync"/>.</summary>
    Task<IRecordingUpload> BeginUploadAsync(string storageKey, CancellationToken cancellationToken);

    /// <summary>The stored, complete recording (its length and when it was stored), or null when there is none.</summary>
    Task<StoredRecordingFile?> FindAsync(string storageKey, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stored recording for reading (seekable, for ranges). Throws <see cref="FileNotFoundException"/> when it
    /// is not stored. When its length is known (a ready recording's), the store need not look it up first. The caller
    /// disposes the stream.
    /// </summary>
    Task<Stream> OpenReadAsync(string storageKey, long? knownLength, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a stored recording (its copy at Twilio stays); false when there was none. A failure to delete throws:
    /// the caller must not record the file as gone while it is still there.
    /// </summary>
    Task<bool> DeleteAsync(string storageKey, CancellationToken cancellationToken);

    /// <summary>Removes temporary files left by interrupted uploads; returns how many were removed.</summary>
    Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken);
}

/// <summary>
/// How a stored recording's bytes reach the browser (<c>Recordings:Storage:Delivery</c>): the app streams them
/// (<c>proxy</c>), the browser fetches them from the object store (<c>redirect</c>, a short-lived presigned URL), or the
/// web server in front sends them from its disk (<c>accel</c>, <c>X-Accel-Redirect</c>). Asked after the session, tenant
/// and state checks, which are the same for every delivery.
/// </summary>
public interface IRecordingDelivery
{
    /// <summary>How the recording stored under <paramref name="storageKey"/> is delivered.</summary>
    /// <param name="attachmentFileName">When the file is to be saved rather than played: the name the browser saves it as.</param>
    ValueTask<DeliveryRoute> RouteAsync(string storageKey, string? attachmentFileName, CancellationToken cancellationToken);
}

/// <summary>
/// Where a stored recording is delivered from: <paramref name="DirectUrl"/>, where the browser may fetch it itself, or
/// <paramref name="InternalRedirect"/>, the URI a web server in front of the app sends it from (not a file path: nginx
/// maps it); neither when the app streams it (<see cref="Proxy"/>).
/// </summary>
public sealed record DeliveryRoute(Uri? DirectUrl = null, string? InternalRedirect = null)
{
    public static readonly DeliveryRoute Proxy = new();
}

/// <summary>One attempt at storing a recording. Disposing it without committing deletes the temporary file.</summary>
public interface IRecordingUpload : IAsyncDisposable
{
    /// <summary>Write the bytes here (streamed; never buffered whole).</summary>
    Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>Flushes to disk, then moves the file into place atomically. Returns what is now stored.</summary>
    Task<StoredRecording> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A recording that was stored: its size and the SHA-256 of its bytes (hex, lower case).</summary>
public sealed record StoredRecording(long Length, string Sha256);

/// <summary>A stored recording: how long it is and when it was stored. Where it lives is the store's business.</summary>
public sealed record StoredRecordingFile(long Length, DateTimeOffset LastWriteTime);

/// <summary>Twilio's media API: downloads a recording's mp3 with the contract's retry policy.</summary>
public interface ITwilioMediaClient
{
    /// <summary>
    /// Whether a recording URL from a webhook is one this client would download: exactly
    /// <c>{origin}/2010-04-01/Accounts/{accountSid}/Recordings/{recordingSid}</c> for a configured media origin.
    /// </summary>
    bool IsTrustedRecordingUrl(string recordingUrl, string accountSid, string recordingSid);

    /// <summary>
    /// Downloads <c>{RecordingUrl}.mp3</c> into uploads from <paramref name="store"/> (a fresh one per attempt), retrying
    /// transient failures, and commits the upload of the attempt that succeeds. Progress is reported as bytes arrive.
    /// Never throws for an HTTP outcome: the result says whether the recording was stored, is gone, or failed.
    /// </summary>
    Task<MediaDownloadResult> DownloadAsync(
        MediaDownloadRequest request,
        IRecordingStore store,
        Func<long, long?, CancellationToken, ValueTask> progress,
        CancellationToken cancellationToken);
}

/// <param name="CallSid">The call whose recording it is.</param>
/// <param name="StorageKey">Where to store it (<c>Recording.StorageKey</c>).</param>
/// <param name="RecordingUrl">The recording's URL as Twilio sent it (without <c>.mp3</c>); already checked against the media origins.</param>
/// <param name="CompletedAt">When Twilio reported the recording completed: the start of the 404 grace period.</param>
/// <param name="Channels">How many channels Twilio recorded: 2 asks for both (<c>?RequestedChannels=2</c>; Twilio mixes them to one otherwise).</param>
public sealed record MediaDownloadRequest(string CallSid, string StorageKey, string RecordingUrl, DateTimeOffset CompletedAt, int? Channels = null);

public enum MediaDownloadOutcome
{
    /// <summary>Stored, complete and verified.</summary>
    Stored,

    /// <summary>Twilio says the recording does not exist (404 past the grace period).</summary>
    Gone,

    /// <summary>Gave up after the bounded attempts, or a permanent error.</summary>
    Failed,
}

public sealed record MediaDownloadResult(MediaDownloadOutcome Outcome, StoredRecording? Stored, string? Error, int Attempts)
{
    public static MediaDownloadResult Success(StoredRecording stored, int attempts) => new(MediaDownloadOutcome.Stored, stored, null, attempts);

    public static MediaDownloadResult NotFound(string error, int attempts) => new(MediaDownloadOutcome.Gone, null, error, attempts);

    public static MediaDownloadResult Failure(string error, int attempts) => new(MediaDownloadOutcome.Failed, null, error, attempts);
}

/// <summary>Queues the background jobs of a call (Quartz, persisted and shared by every node).</summary>
public interface IRecordingJobScheduler
{
    /// <summary>Makes sure the download job of this recording exists; a no-op when it already does (on any node).</summary>
    Task EnsureDownloadScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the download job of this recording exists (waiting, running, finishing, or waiting to be retried): while
    /// it does, <see cref="EnsureDownloadScheduledAsync"/> schedules nothing.
    /// </summary>
    Task<bool> IsDownloadScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken);

    /// <summary>Makes sure the job that measures this recording's audio exists (run after its download).</summary>
    Task EnsureAnalysisScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken);

    /// <summary>Makes sure the job that deletes Twilio's copy of this recording exists (run after its download).</summary>
    Task EnsureTwilioCopyDeletionScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken);

    /// <summary>Makes sure the transcription job of this call exists (run after its download).</summary>
    Task EnsureTranscriptionScheduledAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>Makes sure the summary job of this call exists (run after its transcription).</summary>
    Task EnsureSummaryScheduledAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>Makes sure the redaction job of this recording exists (run after its transcript is redacted).</summary>
    Task EnsureRedactionScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken);
}

/// <summary>Tells every node that a recording reached a state waiters care about (ready, failed, missing).</summary>
public interface IRecordingStateSignal
{
    /// <summary>
    /// Announces a change of the call's recording to every node. Called after the change is committed (the pipeline's
    /// WakeWaitingRequests step); inside a transaction, the announcement would go out when (and only if) it commits.
    /// </summary>
    /// <param name="callSid">The call: its waiting requests wake, and nodes forget what they remembered of its first recording.</param>
    /// <param name="recordingSid">The recording that changed, when one did: nodes forget what they remembered of it too.</param>
    Task PublishAsync(string callSid, string? recordingSid, CancellationToken cancellationToken);

    /// <summary>Starts listening for changes of one call's recording. Subscribe before reading the state, so nothing is missed.</summary>
    IRecordingStateSubscription Subscribe(string callSid);
}

public interface IRecordingStateSubscription : IDisposable
{
    /// <summary>Completes when a change is announced after the subscription (or the last wait), or the timeout passes; returns whether one was.</summary>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Download progress, written while a download streams (outside the transaction that started it).</summary>
public interface IRecordingProgressWriter
{
    Task WriteAsync(string callSid, string recordingSid, long bytesDownloaded, long? totalBytes, CancellationToken cancellationToken);
}

/// <summary>
/// This node's memory of ready recordings: what a range read needs (whose it is, where it is stored, its length, ETag
/// and date), none of which changes while a recording stays ready. Entries are forgotten on every node when a
/// recording leaves <c>ready</c> (<see cref="RecordingFileGone"/> is announced like a settled download), and all of
/// them whenever the node may have missed an announcement; while it may, nothing is served from memory.
/// </summary>
public interface IReadyRecordingCache
{
    /// <summary>The entry of a ready recording, when this node has one it can trust.</summary>
    bool TryGet(string callSid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReadyRecording? recording);

    /// <summary>Taken before reading the database, and given back to <see cref="Add"/>.</summary>
    long Version { get; }

    /// <summary>Remembers a ready recording read from the database, unless anything was forgotten since <paramref name="versionBeforeRead"/>.</summary>
    void Add(string callSid, ReadyRecording recording, long versionBeforeRead);
}

/// <summary>What serving a ready recording needs, and never changes while it is ready.</summary>
public sealed record ReadyRecording(Guid BusinessId, string StorageKey, long Length, string Sha256, DateTimeOffset LastModified, string RecordingSid);

/// <summary>
/// The keys of <see cref="IReadyRecordingCache"/>: <c>{callSid}</c> for the call's first recording (a request without a
/// recording SID), <c>{callSid}/{recordingSid}</c> for a named one. An announcement about a call forgets its first
/// recording's key and the named recording's key, so both always forget together.
/// </summary>
public static class ReadyRecordingKey
{
    public static string For(string callSid, string? recordingSid) => recordingSid is null ? callSid : $"{callSid}/{recordingSid}";
}
