using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// What a change made under the call's lock did: whether it changed the call (then it is saved before the commit) and
/// what the use case answers.
/// </summary>
public readonly record struct LockedChange<T>(bool Changed, T Result);

/// <summary>Makes <see cref="LockedChange{T}"/>s: <c>LockedChange.Saved(answer)</c>, <c>LockedChange.Unchanged(answer)</c>.</summary>
public static class LockedChange
{
    public static LockedChange<T> Saved<T>(T result) => new(true, result);

    public static LockedChange<T> Unchanged<T>(T result) => new(false, result);
}

/// <summary>The one way a use case changes a call it did not just create: lock, change, save, commit.</summary>
public static class CallUpdates
{
    /// <summary>
    /// Locks the call (<c>SELECT ... FOR UPDATE</c>), applies <paramref name="change"/> and saves when it reports a
    /// change, in one transaction: retried as a whole on a transient fault, its domain events published after the
    /// commit. Returns whether anything changed (false when there is no such call).
    /// </summary>
    public static Task<bool> UpdateCallAsync(
        this IUnitOfWork unitOfWork, ICallRepository calls, string callSid, Func<CallLog, bool> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return unitOfWork.UpdateCallAsync(calls, callSid, (call, _) => Task.FromResult(call is not null && change(call)
            ? LockedChange.Saved(true)
            : LockedChange.Unchanged(false)), cancellationToken);
    }

    /// <summary>
    /// The same, for a change that does I/O while it holds the lock (looks in storage, deletes Twilio's copy, reads the
    /// stored file again) and answers more than "changed": <paramref name="change"/> gets the locked call (null when
    /// there is no such call) and says whether it changed it and what to answer. Everything it does under the lock
    /// happens before any other request for the call can take it.
    /// </summary>
    public static Task<T> UpdateCallAsync<T>(
        this IUnitOfWork unitOfWork, ICallRepository calls, string callSid,
        Func<CallLog?, CancellationToken, Task<LockedChange<T>>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(change);
        return unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            var (changed, result) = await change(call, ct);
            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return result;
        }, cancellationToken);
    }
}
