using Recordings.Application.Common.Metrics;
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

    /// <summary>
    /// A stored recording the step reads was gone from storage: it is downloaded again and the step waits for it, queued
    /// (or, when that was the recording's only copy, the step failed with the sentence that says so).
    /// </summary>
    RecordingMissing,
}

/// <summary>A command that runs one step of the pipeline for one call.</summary>
public interface IProcessingStepCommand : ICommand<ProcessingResult>
{
    string CallSid { get; }
}

/// <summary>A step's run failed; the step is queued again. Whoever runs the step decides whether to try again or give up.</summary>
public sealed class ProcessingStepFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// What a step's engine throws, before it starts, when stored recordings it must read are not in storage as they were
/// stored (gone, or of another length). Not a failure of the step: no attempt could find them (see
/// <see cref="CallLog.RecoverLostRecordingFile"/>).
/// </summary>
public sealed class StoredRecordingsMissingException(IReadOnlyList<MissingStoredRecording> recordings)
    : Exception($"The recording is not in storage: {string.Join(", ", recordings.Select(r => r.RecordingSid))}.")
{
    public IReadOnlyList<MissingStoredRecording> Recordings { get; } = recordings;
}

/// <summary>A ready recording whose stored copy (the one stored at <paramref name="StoredAt"/>) is not in storage.</summary>
public sealed record MissingStoredRecording(string RecordingSid, DateTimeOffset? StoredAt);

/// <summary>
/// The transcription and summary steps: start the step under the call's row lock, run its engine outside any
/// transaction, then store the result. A failure puts the step back in the queue and is thrown
/// (<see cref="ProcessingStepFailedException"/>); the job runs it again later, or gives up with
/// <see cref="GiveUpProcessing.GiveUpProcessingCommand"/>. A stored recording found gone
/// (<see cref="StoredRecordingsMissingException"/>) is not such a failure, since ten attempts would find it gone ten
/// times: it is downloaded again and the step waits for it, queued, as a transcript waits for a first download; only
/// a lost only copy fails the step, at once, with the sentence that says so.
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
            // Queued again while it ran (or waiting for a recording downloaded again, which may be back already): its
            // job is this one, so it runs again here rather than waiting for a new job.
            var outcome = await RunOnceAsync(command.CallSid, cancellationToken);
            if (outcome == ProcessingResult.NothingToDo)
            {
                break;
            }

            result = result == ProcessingResult.Done ? result : outcome;
        }

        return result;
    }

    private async Task<ProcessingResult> RunOnceAsync(string callSid, CancellationToken cancellationToken)
    {
        TInput input = default!;
        var measure = default(StepMeasure);
        var started = await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            var start = call.StartProcessing(Which, time.GetUtcNow());
            input = start ? InputOf(call) : default!;
            measure = start ? StepMeasure.Of(call, Which) : default;
            return start;
        }, cancellationToken);
        if (!started)
        {
            return ProcessingResult.NothingToDo;
        }

        TOutput output;
        var runStarted = time.GetTimestamp();
        try
        {
            output = await RunAsync(callSid, input, cancellationToken);
        }
        catch (StoredRecordingsMissingException missing)
        {
            await RecoverAsync(callSid, missing.Recordings, cancellationToken);
            return ProcessingResult.RecordingMissing;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{StepName} ({Provider}) failed: {ex.Message}";
            ProcessingLog.Failed(logger, ex, Which, callSid, Provider);
            await unitOfWork.UpdateCallAsync(calls, callSid, call => call.RequeueProcessing(Which, error, time.GetUtcNow()), cancellationToken);
            throw new ProcessingStepFailedException(error, ex);
        }

        var took = time.GetElapsedTime(runStarted);
        var completed = false;
        await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            if (call.StateOf(Which) != ProcessingState.Running)
            {
                return false;
            }

            Complete(call, output, time.GetUtcNow());
            completed = true;
            return true;
        }, cancellationToken);
        if (completed && Which == ProcessingStep.Transcript)
        {
            RecordingsMetrics.TranscriptionSpeed(Provider, measure.AudioSeconds, took);
            if (measure.Since is { } since)
            {
                RecordingsMetrics.Transcribed(since, time.GetUtcNow());
            }
        }

        ProcessingLog.Done(logger, Which, callSid, Provider);
        return ProcessingResult.Done;
    }

    /// <summary>
    /// Under the call's lock: each missing recording is queued for download again, or fails as a lost only copy
    /// (<see cref="CallLog.RecoverLostRecordingFile"/>). The step goes back to the queue, where a download that stores
    /// the recording finds it (<see cref="TranscriptionDue"/>); it fails, with the sentence that says so, only when a
    /// lost only copy leaves it nothing to wait for and nothing else to read.
    /// </summary>
    private async Task RecoverAsync(string callSid, IReadOnlyList<MissingStoredRecording> missing, CancellationToken cancellationToken)
    {
        var failed = false;
        await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            var now = time.GetUtcNow();
            var changed = false;
            foreach (var recording in missing)
            {
                changed |= call.RecoverLostRecordingFile(recording.RecordingSid, recording.StoredAt, now);
            }

            if (call.StateOf(Which) != ProcessingState.Running)
            {
                return changed;
            }

            var lostForGood = missing.Any(m => call.RecordingFor(m.RecordingSid) is { OnlyCopyLost: true });
            var awaited = call.ToTranscribe.Count > 0 || call.Recordings.Any(r => r.IsPending && !r.Transcribed);
            failed = lostForGood && !awaited;
            return failed
                ? call.FailProcessing(Which, $"{StepName} ({Provider}) failed: {Recording.OnlyCopyLostError}", now)
                : call.RequeueProcessing(Which,
                    $"{StepName} ({Provider}) waits: a recording was not in storage and is downloaded again.", now);
        }, cancellationToken);
        ProcessingLog.RecordingMissing(logger, Which, callSid, string.Join(", ", missing.Select(m => m.RecordingSid)), failed);
    }

    private string StepName => Which == ProcessingStep.Transcript ? "Transcription" : "Summary";
}

/// <summary>
/// What a transcription run is measured against: the seconds of audio it hears (Twilio's or our measured duration of the
/// recordings it transcribes) and when the earliest of them completed at Twilio (the webhook-to-transcript clock).
/// </summary>
internal readonly record struct StepMeasure(double AudioSeconds, DateTimeOffset? Since)
{
    public static StepMeasure Of(CallLog call, ProcessingStep step)
    {
        if (step != ProcessingStep.Transcript)
        {
            return default;
        }

        var recordings = call.ToTranscribe;
        return new StepMeasure(
            recordings.Sum(r => r.MeasuredDurationSeconds ?? r.DurationSeconds ?? 0),
            recordings.Select(r => r.CompletedAt ?? r.DownloadQueuedAt).Where(t => t is not null).Min());
    }
}

internal static partial class ProcessingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} of call {CallSid} with {Provider} failed; it is queued again")]
    public static partial void Failed(ILogger logger, Exception exception, ProcessingStep step, string callSid, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Step} of call {CallSid} with {Provider} is done")]
    public static partial void Done(ILogger logger, ProcessingStep step, string callSid, string provider);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The {Step} of call {CallSid} found recording(s) {RecordingSids} gone from storage: downloaded again and the step waits for them (failed as a lost only copy: {Failed})")]
    public static partial void RecordingMissing(ILogger logger, ProcessingStep step, string callSid, string recordingSids, bool failed);
}
