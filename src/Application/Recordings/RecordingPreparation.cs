using Microsoft.Extensions.Options;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings;

/// <summary>
/// The steps every recordings endpoint (prepare, file, status, peaks) is made of: finding the agent's call, then doing
/// what the call decides the request does now (<see cref="CallLog.DecideRecordingRequest"/>: the rules live there),
/// with the I/O the decision needs (storage, the call's lock, the job, the wait of <c>Prefer: wait</c>).
/// </summary>
/// <remarks>
/// One download per recording, however many requests on however many nodes: the state moves from remote (or failed)
/// to queued only under the call's row lock (<c>SELECT ... FOR UPDATE</c>), so one transaction wins; its
/// <see cref="RecordingDownloadRequested"/> event schedules the job (Application/Pipeline), keyed by the call SID in
/// Quartz's tables, so scheduling it twice is a no-op. A ready recording whose file is missing is queued again on the
/// same terms: what the request saw before the lock is not trusted, the missing file is looked for again under it.
/// </remarks>
public sealed class RecordingPreparation(
    ICurrentViewer currentViewer,
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
        var viewer = await currentViewer.GetAsync(cancellationToken);
        var call = await calls.FindAsync(callSid, cancellationToken);
        var recording = call?.RecordingFor(recordingSid);
        if (call is null || !viewer.Scope.Includes(call.BusinessId, call.AgentIds, call.BusinessNumber) || recording is null)
        {
            subscription?.Dispose();
            return null;
        }

        return new RecordingLookup(call, recording.RecordingSid, subscription, deadline);
    }

    /// <summary>
    /// Does what the call decides a request for its recording does now (<see cref="CallLog.DecideRecordingRequest"/>),
    /// step by step until the decision is an answer: looks the stored copy up in storage when asked to, carries out a
    /// decision that changes the call under its lock (decided again there, on the call as it is then), makes sure a
    /// pending recording's job exists (prepare and file, which write anyway; reads write nothing, the heal sweep covers
    /// them), and holds a request that asked to wait while the download is pending (once, until its deadline).
    /// </summary>
    public async Task<RecordingOutcome> DecideAsync(RecordingLookup lookup, RecordingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var writes = request is RecordingRequest.Prepare or RecordingRequest.File;
        var call = lookup.Call;
        var storedCopy = StoredCopy.NotLookedUp;
        StoredRecordingFile? file = null;
        var (waited, scheduled) = (false, false);
        for (var step = 0; step < MaxSteps; step++)
        {
            var decision = call.DecideRecordingRequest(lookup.RecordingSid, request, storedCopy);
            if (decision.Verdict == RecordingVerdict.LookUpStoredCopy)
            {
                (storedCopy, file) = await LookUpAsync(decision.Recording!, cancellationToken);
                continue;
            }

            if (decision.ChangesCall)
            {
                var carried = await CarryOutAsync(lookup, call, request, storedCopy, cancellationToken);
                (call, storedCopy, file) = (carried.Call, carried.StoredCopy, carried.File);
                // A download queued just now is scheduled by the pipeline once it commits (RecordingDownloadRequested).
                scheduled |= carried.Queued;
                continue;
            }

            if (decision.Verdict == RecordingVerdict.Pending && writes && !scheduled && !decision.Recording!.AwaitsRedaction)
            {
                // Queued earlier: make sure its job exists (a no-op while it does).
                await scheduler.EnsureDownloadScheduledAsync(call.CallSid, decision.Recording!.RecordingSid!, cancellationToken);
                scheduled = true;
            }

            if (decision.Verdict == RecordingVerdict.Pending && lookup.Subscription is not null && !waited)
            {
                call = await WaitWhilePendingAsync(lookup, call, cancellationToken);
                (waited, storedCopy, file) = (true, StoredCopy.NotLookedUp, null);
                continue;
            }

            return new RecordingOutcome(call, decision, file);
        }

        throw new InvalidOperationException($"The request for call {call.CallSid}'s recording reached no answer in {MaxSteps} steps.");
    }

    // Look up, change, look up again, wait, look up, change: no request takes more.
    private const int MaxSteps = 8;

    /// <summary>Holds the request while the download is pending, until the lookup's deadline; returns the call as it is then.</summary>
    private async Task<CallLog> WaitWhilePendingAsync(RecordingLookup lookup, CallLog call, CancellationToken cancellationToken)
    {
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

    /// <summary>What storage says of the recording's stored copy: found (with its file) when it is there, of the length it was stored with.</summary>
    private async Task<(StoredCopy, StoredRecordingFile?)> LookUpAsync(Recording recording, CancellationToken cancellationToken) =>
        recording.StorageKey is { } key && await store.FindAsync(key, cancellationToken) is { } file && file.Length == recording.TotalBytes
            ? (StoredCopy.Found, file)
            : (StoredCopy.Gone, null);

    /// <summary>
    /// Carries out a decision that changes the call, under the call's lock. What this request saw may be out of date by
    /// the time it holds the lock: meanwhile another request may have queued the download, and the download stored and
    /// verified the file again, under the same key. So the decision is taken again on the call as it is then, and a
    /// stored copy found gone is looked for again: a recording that is not ready any more is left as it is, and one whose
    /// file is there now is served. Marking that file lost would download the recording a second time (issue 21).
    /// </summary>
    private Task<CarriedOut> CarryOutAsync(
        RecordingLookup lookup, CallLog call, RecordingRequest request, StoredCopy storedCopy, CancellationToken cancellationToken) =>
        unitOfWork.UpdateCallAsync(calls, call.CallSid, async (current, ct) =>
        {
            var locked = current ?? call;
            var decision = locked.DecideRecordingRequest(lookup.RecordingSid, request, storedCopy);
            if (decision.Verdict == RecordingVerdict.StoredCopyGone
                && await LookUpAsync(decision.Recording!, ct) is (StoredCopy.Found, { } file))
            {
                return LockedChange.Unchanged(new CarriedOut(locked, StoredCopy.Found, file, Queued: false));
            }

            // Queuing it raises RecordingDownloadRequested: Application/Pipeline schedules the job once this commits.
            var changed = locked.CarryOut(decision, time.GetUtcNow());
            return new LockedChange<CarriedOut>(changed, new CarriedOut(locked, storedCopy, null, changed && lookup.RecordingOf(locked).IsPending));
        }, cancellationToken);

    public int DefaultRetryAfterSeconds => Math.Max(1, options.Value.RetryAfterSeconds);

    public RecordingStatusDto ToStatus(RecordingLookup lookup, CallLog call)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(call);
        var recording = lookup.RecordingOf(call);
        return new RecordingStatusDto(
            call.CallSid,
            RedactionDto.StateOf(recording.State, recording.Redaction),
            recording.IsPending ? DefaultRetryAfterSeconds : null,
            recording.BytesDownloaded,
            recording.TotalBytes,
            recording.LengthSeconds,
            recording.State is RecordingState.Failed or RecordingState.Missing ? recording.Error : null,
            new StateDto(call.TranscriptState.ToName()),
            new StateDto(call.SummaryState.ToName()),
            recording.RecordingSid,
            recording.AtTwilio,
            recording.ExpiredAt,
            RedactionDto.Of(recording));
    }
}

/// <summary>What a request for a recording came to: the call as it is now, the call's decision, and a ready recording's stored file when it was looked up.</summary>
public sealed record RecordingOutcome(CallLog Call, RecordingDecision Decision, StoredRecordingFile? File);

/// <summary>A decision carried out under the call's lock: the call as locked, what storage said then, and whether it queued a download.</summary>
public sealed record CarriedOut(CallLog Call, StoredCopy StoredCopy, StoredRecordingFile? File, bool Queued);

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

    /// <summary>Whether the request asked to wait (and so gets <c>Preference-Applied</c>).</summary>
    public bool WaitApplied => Subscription is not null;

    public void Dispose() => Subscription?.Dispose();
}
