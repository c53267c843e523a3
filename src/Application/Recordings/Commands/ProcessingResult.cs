using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands;

/// <summary>How a transcription or summary run ended.</summary>
public enum ProcessingResult
{
    /// <summary>Nothing was queued (done already, disabled, or the recording is not here).</summary>
    NothingToDo,
    Done,

    /// <summary>A transient failure: queued again; the job tries later.</summary>
    Requeued,

    /// <summary>Gave up (the job's last attempt): the state says failed.</summary>
    Failed,
}

/// <summary>A run that failed and is queued again: the job layer retries it later with backoff.</summary>
public sealed class ProcessingRetryException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a failed transcription or summary run leaves behind.</summary>
internal static class ProcessingFailure
{
    /// <summary>
    /// On the job's last attempt the step is marked failed; otherwise it is queued again and the failure is thrown as a
    /// <see cref="ProcessingRetryException"/>, so that the job runs it again later with backoff.
    /// </summary>
    public static async Task<ProcessingResult> RecordAsync(
        ICallRepository calls,
        IUnitOfWork unitOfWork,
        string callSid,
        bool lastAttempt,
        string error,
        Exception cause,
        Func<CallLog, bool> fail,
        Func<CallLog, bool> requeue,
        CancellationToken cancellationToken)
    {
        await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            var changed = call is not null && (lastAttempt ? fail(call) : requeue(call));
            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return changed;
        }, cancellationToken);
        return lastAttempt ? ProcessingResult.Failed : throw new ProcessingRetryException(error, cause);
    }
}
