using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings;

/// <summary>
/// The steps prepare, the file endpoint and the status endpoint are made of: finding the agent's call, queuing its
/// download (each use case says which recordings it queues), holding a request (<c>Prefer: wait</c>) while the
/// download is pending, and finding the stored file.
/// </summary>
/// <remarks>
/// One download per recording, however many requests on however many nodes: the state moves from remote (or failed)
/// to queued only under the call's row lock (<c>SELECT ... FOR UPDATE</c>), so one transaction wins; its
/// <see cref="RecordingDownloadRequested"/> event schedules the job (Application/Pipeline), keyed by the call SID in
/// Quartz's tables, so scheduling it twice is a no-op. A ready recording whose file is missing is queued again on the
/// same terms: what the request saw before the lock is not trusted, the missing file is looked for again under it.
/// </remarks>
public sealed class RecordingPreparation(
    ICurrentAgent currentAgent,
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    IRecordingJobScheduler scheduler,
    IRecordingStateSignal signal,
    IOptions<RecordingsOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// The agent's call and the recording the request addresses (<paramref name="recordingSid"/>, or the call's first),
    /// or null when the agent's business has no such call, or the call no such recording. When the request waits, it
    /// listens for the call's changes before reading the call, so that none is missed in between.
    /// </summary>
    public async Task<RecordingLookup?> FindAsync(string callSid, string? recordingSid, TimeSpan wait, CancellationToken cancellationToken)
    {
        var subscription = wait > TimeSpan.Zero ? signal.Subscribe(callSid) : null;
        var deadline = time.GetUtcNow() + wait;
        var call = await calls.FindAsync(callSid, cancellationToken);
        var recording = call?.RecordingFor(recordingSid);
        if (call is null || call.BusinessId != currentAgent.BusinessId || recording is null)
        {
            subscription?.Dispose();
            return null;
        }

        return new RecordingLookup(call, recording.RecordingSid, subscription, deadline);
    }

    /// <summary>Prepare: a recording at Twilio is queued, and so is one whose last download failed (a new attempt).</summary>
    public Task<CallLog> QueueOrRetryDownloadAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken) =>
        QueueDownloadAsync(lookup, call, retryFailed: true, cancellationToken);

    /// <summary>The file endpoint: a recording at Twilio is queued; a failed one is reported as it is, not retried.</summary>
    public Task<CallLog> QueueDownloadAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken) =>
        QueueDownloadAsync(lookup, call, retryFailed: false, cancellationToken);

    /// <summary>Holds the request while the download is pending, until the lookup's deadline; returns the call as it is then.</summary>
    public async Task<CallLog> WaitWhilePendingAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        while (lookup.Subscription is { } subscription && lookup.RecordingOf(call).IsPending)
        {
            var remaining = lookup.Deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await subscription.WaitAsync(remaining, cancellationToken);
            call = await calls.FindAsync(call.CallSid, cancellationToken) ?? call;
        }

        return call;
    }

    /// <summary>
    /// A pending recording has its download job: a no-op while the job exists. Heals a download whose job was lost: a
    /// node stopped between the commit and its events, a job that gave up its retries while the recording was
    /// downloading, or a download queued again in the instant its previous job was finishing (that job was found still
    /// there, so nothing was scheduled, and then deleted). Prepare and the file endpoint call it (the status and peaks
    /// reads write nothing: the heal sweep covers them);
    /// it queues nothing new and is idempotent across nodes.
    /// </summary>
    public async Task EnsurePendingIsScheduledAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(call);
        if (lookup.RecordingOf(call).IsPending && lookup.RecordingSid is { } recordingSid)
        {
            await scheduler.EnsureDownloadScheduledAsync(call.CallSid, recordingSid, cancellationToken);
        }
    }

    /// <summary>
    /// Where the request ends up: a ready recording's stored file is looked up (one whose file is gone is queued again
    /// first, so that the wait covers its download), the request is held while the download is pending, and the file is
    /// looked up again only when the request waited for one.
    /// </summary>
    public async Task<(CallLog Call, StoredRecordingFile? File)> SettleAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        (call, var file) = await StoredFileAsync(lookup, call, cancellationToken);
        if (!lookup.RecordingOf(call).IsPending)
        {
            return (call, file);
        }

        call = await WaitWhilePendingAsync(lookup, call, cancellationToken);
        return await StoredFileAsync(lookup, call, cancellationToken);
    }

    /// <summary>
    /// The stored file of a ready recording. When storage no longer has it (deleted, a new disk, a node that does not see
    /// the storage the download wrote to), the recording is queued again and there is no file yet.
    /// </summary>
    private async Task<(CallLog Call, StoredRecordingFile? File)> StoredFileAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var recording = lookup.RecordingOf(call);
        if (recording.State != RecordingState.Ready)
        {
            return (call, null);
        }

        return await FindStoredAsync(recording, cancellationToken) is { } file
            ? (call, file)
            : await QueueLostFileAsync(lookup, call, cancellationToken);
    }

    /// <summary>The complete file of a ready recording in storage (of the length it was stored with), or null.</summary>
    private async Task<StoredRecordingFile?> FindStoredAsync(Recording recording, CancellationToken cancellationToken) =>
        recording.StorageKey is { } key && await store.FindAsync(key, cancellationToken) is { } file && file.Length == recording.TotalBytes
            ? file
            : null;

    /// <summary>
    /// A ready recording whose file this request did not find in storage: queued again (or failed, when the stored copy
    /// was the only one). What this request saw may be out of date by the time it holds the call's lock: meanwhile
    /// another request may have queued the download, and the download stored and verified the file again, under the
    /// same key. So the decision is taken under the lock, on the recording as it is then, and storage is asked again:
    /// a recording that is not ready any more (queued, downloading, failed) is left as it is, and one whose file is
    /// there now is served. Marking that file lost would download the recording a second time (issue 21).
    /// </summary>
    private async Task<(CallLog Call, StoredRecordingFile? File)> QueueLostFileAsync(
        RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
        if (lookup.RecordingSid is not { } recordingSid)
        {
            return (call, null);
        }

        // Queuing it raises RecordingDownloadRequested: Application/Pipeline schedules the job once this commits.
        var (locked, file, requested) = await unitOfWork.UpdateCallAsync(calls, call.CallSid, async (current, ct) =>
        {
            var locked = current ?? call;
            var recording = lookup.RecordingOf(locked);
            if (recording.State != RecordingState.Ready)
            {
                return new LockedChange<(CallLog, StoredRecordingFile?, bool)>(false, (locked, null, false));
            }

            if (await FindStoredAsync(recording, ct) is { } stored)
            {
                return new LockedChange<(CallLog, StoredRecordingFile?, bool)>(false, (locked, stored, false));
            }

            var now = time.GetUtcNow();
            var lost = locked.MarkRecordingFileLost(recordingSid, now);
            var queued = locked.RequestRecordingDownload(recordingSid, now);
            return new LockedChange<(CallLog, StoredRecordingFile?, bool)>(lost || queued, (locked, null, queued));
        }, cancellationToken);

        if (!requested && file is null)
        {
            // Queued by another request meanwhile (or still downloading): make sure its job exists.
            await EnsurePendingIsScheduledAsync(lookup, locked, cancellationToken);
        }

        return (locked, file);
    }

    public int DefaultRetryAfterSeconds => Math.Max(1, options.Value.RetryAfterSeconds);

    public RecordingStatusDto ToStatus(RecordingLookup lookup, CallLog call)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(call);
        var recording = lookup.RecordingOf(call);
        return new RecordingStatusDto(
            call.CallSid,
            recording.State.ToName(),
            recording.IsPending ? DefaultRetryAfterSeconds : null,
            recording.BytesDownloaded,
            recording.TotalBytes,
            recording.LengthSeconds,
            recording.State is RecordingState.Failed or RecordingState.Missing ? recording.Error : null,
            new StateDto(call.TranscriptState.ToName()),
            new StateDto(call.SummaryState.ToName()),
            recording.RecordingSid,
            recording.AtTwilio,
            recording.ExpiredAt);
    }

    private async Task<CallLog> QueueDownloadAsync(RecordingLookup lookup, CallLog call, bool retryFailed, CancellationToken cancellationToken)
    {
        var state = lookup.RecordingOf(call).State;
        var requested = false;
        if (retryFailed && lookup.RecordingOf(call) is { OnlyCopyLost: true, StorageKey: { } lostKey, TotalBytes: { } lostLength }
            && lookup.RecordingSid is { } lostSid
            && (await store.FindAsync(lostKey, cancellationToken))?.Length == lostLength)
        {
            // The only copy is in storage again (restored from a backup): it plays again. Nothing can download it.
            return await unitOfWork.UpdateCallAsync(calls, call.CallSid, (current, _) =>
            {
                var locked = current ?? call;
                return Task.FromResult(new LockedChange<CallLog>(locked.MarkOnlyCopyFound(lostSid, time.GetUtcNow()), locked));
            }, cancellationToken);
        }

        if (lookup.RecordingSid is { } recordingSid
            && (state == RecordingState.Remote || (state == RecordingState.Failed && retryFailed)))
        {
            // Queuing it raises RecordingDownloadRequested: Application/Pipeline schedules the job once this commits.
            (call, requested) = await unitOfWork.UpdateCallAsync(calls, call.CallSid, (current, _) =>
            {
                var locked = current ?? call;
                var lockedState = lookup.RecordingOf(locked).State;
                var queued = (lockedState == RecordingState.Remote || (lockedState == RecordingState.Failed && retryFailed))
                    && locked.RequestRecordingDownload(recordingSid, time.GetUtcNow());
                return Task.FromResult(new LockedChange<(CallLog, bool)>(queued, (locked, queued)));
            }, cancellationToken);
        }

        if (!requested)
        {
            // Queued earlier (a download queued just now is scheduled by the pipeline once it commits).
            await EnsurePendingIsScheduledAsync(lookup, call, cancellationToken);
        }

        return call;
    }
}

/// <summary>
/// The agent's call as a request found it, the recording it addresses (null: the call has no recording at all), and
/// what it listens on while it waits (<c>Prefer: wait</c>).
/// </summary>
public sealed record RecordingLookup(CallLog Call, string? RecordingSid, IRecordingStateSubscription? Subscription, DateTimeOffset Deadline)
    : IDisposable
{
    /// <summary>The addressed recording in <paramref name="call"/> (the call as read now).</summary>
    public Recording RecordingOf(CallLog call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.RecordingFor(RecordingSid) ?? call.Recording;
    }

    /// <summary>The addressed recording as the request found it.</summary>
    public Recording Recording => RecordingOf(Call);

    /// <summary>Whether the request asked to wait (and so gets <c>Preference-Applied</c>).</summary>
    public bool WaitApplied => Subscription is not null;

    public void Dispose() => Subscription?.Dispose();
}
