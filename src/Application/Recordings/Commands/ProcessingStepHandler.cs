using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands;

/// <summary>How a transcription or summary run ended (a failure is thrown, see <see cref="ProcessingStepHandler{TCommand,TInput,TOutput}"/>).</summary>
public enum ProcessingResult
{
    /// <summary>Nothing was queued (done already, disabled, or its input is not here).</summary>
    NothingToDo,
    Done,
}

/// <summary>A command that runs one step of the pipeline for one call.</summary>
public interface IProcessingStepCommand : ICommand<ProcessingResult>
{
    string CallSid { get; }
}

/// <summary>A step's run failed; the step is queued again. Whoever runs the step decides whether to try again or give up.</summary>
public sealed class ProcessingStepFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The transcription and summary steps: start the step under the call's row lock, run its engine outside any
/// transaction, then store the result. A failure puts the step back in the queue and is thrown
/// (<see cref="ProcessingStepFailedException"/>); the job runs it again later, or gives up with
/// <see cref="GiveUpProcessing.GiveUpProcessingCommand"/>.
/// </summary>
public abstract class ProcessingStepHandler<TCommand, TInput, TOutput>(
    ICallRepository calls, IUnitOfWork unitOfWork, TimeProvider time, ILogger logger) : ICommandHandler<TCommand, ProcessingResult>
    where TCommand : IProcessingStepCommand
{
    protected abstract ProcessingStep Which { get; }

    /// <summary>The engine's name (<c>pocketsphinx</c>, <c>openai</c>, <c>extractive</c>), for errors and labels.</summary>
    protected abstract string Provider { get; }

    /// <summary>What the engine needs from the call, read under the lock when the step starts.</summary>
    protected abstract TInput InputOf(CallLog callLog);

    protected abstract Task<TOutput> RunAsync(string callSid, TInput input, CancellationToken cancellationToken);

    protected abstract void Complete(CallLog callLog, TOutput output, DateTimeOffset now);

    /// <summary>How many runs one command makes at most: the step may be queued again while it runs (another recording of the call was stored).</summary>
    public const int MaxRuns = 3;

    public async ValueTask<ProcessingResult> Handle(TCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = ProcessingResult.NothingToDo;
        for (var run = 0; run < MaxRuns; run++)
        {
            // Queued again while it ran: its job is this one, so it runs again here rather than waiting for a new job.
            if (await RunOnceAsync(command.CallSid, cancellationToken) == ProcessingResult.NothingToDo)
            {
                break;
            }

            result = ProcessingResult.Done;
        }

        return result;
    }

    private async Task<ProcessingResult> RunOnceAsync(string callSid, CancellationToken cancellationToken)
    {
        TInput input = default!;
        var started = await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            var start = call.StartProcessing(Which, time.GetUtcNow());
            input = start ? InputOf(call) : default!;
            return start;
        }, cancellationToken);
        if (!started)
        {
            return ProcessingResult.NothingToDo;
        }

        TOutput output;
        try
        {
            output = await RunAsync(callSid, input, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{(Which == ProcessingStep.Transcript ? "Transcription" : "Summary")} ({Provider}) failed: {ex.Message}";
            ProcessingLog.Failed(logger, ex, Which, callSid, Provider);
            await unitOfWork.UpdateCallAsync(calls, callSid, call => call.RequeueProcessing(Which, error, time.GetUtcNow()), cancellationToken);
            throw new ProcessingStepFailedException(error, ex);
        }

        await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            if (call.StateOf(Which) != ProcessingState.Running)
            {
                return false;
            }

            Complete(call, output, time.GetUtcNow());
            return true;
        }, cancellationToken);
        ProcessingLog.Done(logger, Which, callSid, Provider);
        return ProcessingResult.Done;
    }
}

internal static partial class ProcessingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} of call {CallSid} with {Provider} failed; it is queued again")]
    public static partial void Failed(ILogger logger, Exception exception, ProcessingStep step, string callSid, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Step} of call {CallSid} with {Provider} is done")]
    public static partial void Done(ILogger logger, ProcessingStep step, string callSid, string provider);
}
