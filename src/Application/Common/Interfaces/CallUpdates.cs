using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

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
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(change);
        return unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            if (call is null || !change(call))
            {
                return false;
            }

            await unitOfWork.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
    }
}
