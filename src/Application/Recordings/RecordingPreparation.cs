using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings;

/// <summary>
/// What prepare, the file endpoint and the status endpoint share: finding the agent's call, queuing exactly one
/// download, and holding a request (<c>Prefer: wait</c>) until the recording is ready or failed.
/// </summary>
/// <remarks>
/// One download per recording, however many requests on however many nodes: the state moves from remote (or failed)
/// to queued only under the call's row lock (<c>SELECT ... FOR UPDATE</c>), so one transaction wins; the job is keyed
/// by the call SID in Quartz's tables, so scheduling it twice is a no-op.
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
    /// The agent's call after making sure a download is on its way when one is needed, held while it is pending for up
    /// to <paramref name="wait"/>. Null when the agent's business has no such call.
    /// </summary>
    /// <param name="retryFailed">Whether a failed download is queued again (prepare does; the file endpoint reports it).</param>
    /// <param name="queueDownload">Whether a recording at Twilio is queued (prepare and the file endpoint; not the status endpoint).</param>
    public async Task<PreparedRecording?> PrepareAsync(
        string callSid, bool queueDownload, bool retryFailed, TimeSpan wait, CancellationToken cancellationToken)
    {
        var businessId = currentAgent.BusinessId;
        using var subscription = wait > TimeSpan.Zero ? signal.Subscribe(callSid) : null;
        var deadline = time.GetUtcNow() + wait;

        var call = await calls.FindAsync(callSid, cancellationToken);
        if (call is null || call.BusinessId != businessId)
        {
            return null;
        }

        if (queueDownload)
        {
            call = await EnsureDownloadAsync(call, retryFailed, fileLost: false, cancellationToken);
        }
        else if (call.Recording.IsPending)
        {
            // Reading queues nothing new, but a pending download whose job was lost is put back on its way.
            await scheduler.EnsureDownloadScheduledAsync(call.CallSid, cancellationToken);
        }

        while (subscription is not null && call.Recording.IsPending)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await subscription.WaitAsync(remaining, cancellationToken);
            call = await calls.FindAsync(callSid, cancellationToken) ?? call;
        }

        var file = Stored(call);
        if (queueDownload && call.Recording.State == RecordingState.Ready && file is null)
        {
            // Another node finished it, but its file is not in the storage this node sees (or was lost): fetch it again.
            call = await EnsureDownloadAsync(call, retryFailed, fileLost: true, cancellationToken);
        }

        return new PreparedRecording(call, file, subscription is not null);
    }

    public int DefaultRetryAfterSeconds => Math.Max(1, options.Value.RetryAfterSeconds);

    public RecordingStatusDto ToStatus(CallLog call)
    {
        var recording = call.Recording;
        return new RecordingStatusDto(
            call.CallSid,
            recording.State.ToName(),
            recording.IsPending ? DefaultRetryAfterSeconds : null,
            recording.BytesDownloaded,
            recording.TotalBytes,
            recording.DurationSeconds,
            recording.State is RecordingState.Failed or RecordingState.Missing ? recording.Error : null,
            new StateDto(call.TranscriptState.ToName()),
            new StateDto(call.SummaryState.ToName()));
    }

    /// <param name="fileLost">The recording is ready in the database but its file is not in storage.</param>
    private async Task<CallLog> EnsureDownloadAsync(CallLog call, bool retryFailed, bool fileLost, CancellationToken cancellationToken)
    {
        var state = call.Recording.State;
        var requested = false;
        if (state == RecordingState.Remote || (state == RecordingState.Failed && retryFailed) || fileLost)
        {
            // Queuing it raises RecordingDownloadRequested: Application/Pipeline schedules the job once this commits.
            (call, requested) = await unitOfWork.InTransactionAsync(async ct =>
            {
                var locked = await calls.FindForUpdateAsync(call.CallSid, ct) ?? call;
                var now = time.GetUtcNow();
                var changed = fileLost && locked.MarkRecordingFileLost(now);
                var queued = (locked.Recording.State == RecordingState.Remote
                    || (locked.Recording.State == RecordingState.Failed && retryFailed)) && locked.RequestRecordingDownload(now);
                if (changed || queued)
                {
                    await unitOfWork.SaveChangesAsync(ct);
                }

                return (locked, queued);
            }, cancellationToken);
        }

        if (call.Recording.IsPending && !requested)
        {
            // Queued earlier: a no-op while its job exists. Heals a download whose job was lost: a node stopped between
            // the commit and its events, or a job that gave up its retries while the recording was downloading.
            await scheduler.EnsureDownloadScheduledAsync(call.CallSid, cancellationToken);
        }

        return call;
    }

    /// <summary>The stored file, when the call's recording is ready and the file in storage is the one downloaded.</summary>
    private StoredRecordingFile? Stored(CallLog call)
    {
        if (call.Recording.State != RecordingState.Ready)
        {
            return null;
        }

        var file = store.Find(call.CallSid);
        return file is not null && file.Length == call.Recording.TotalBytes ? file : null;
    }
}

/// <summary>The call as the request found it, its stored file when it is ready, and whether a wait was honoured.</summary>
public sealed record PreparedRecording(CallLog Call, StoredRecordingFile? File, bool WaitApplied);
