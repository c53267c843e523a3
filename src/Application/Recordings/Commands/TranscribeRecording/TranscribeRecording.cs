using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.TranscribeRecording;

/// <summary>Run by the transcription job after a download: speech to text, then the summary is queued.</summary>
/// <param name="LastAttempt">Whether the job gives up after this run: a failure then marks the transcript failed.</param>
public sealed record TranscribeRecordingCommand(string CallSid, bool LastAttempt) : ICommand<ProcessingResult>;

public sealed partial class TranscribeRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITranscriber transcriber,
    IOptions<SummarizationOptions> summarization,
    TimeProvider time,
    ILogger<TranscribeRecordingCommandHandler> logger) : ICommandHandler<TranscribeRecordingCommand, ProcessingResult>
{
    public async ValueTask<ProcessingResult> Handle(TranscribeRecordingCommand command, CancellationToken cancellationToken)
    {
        var callSid = command.CallSid;
        var started = await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            if (call is null || !call.StartTranscript(time.GetUtcNow()))
            {
                return false;
            }

            await unitOfWork.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        if (!started)
        {
            return ProcessingResult.NothingToDo;
        }

        Transcript transcript;
        try
        {
            var file = store.Find(callSid) ?? throw new FileNotFoundException("The recording is not in storage.");
            transcript = await transcriber.TranscribeAsync(file.PhysicalPath, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, callSid, transcriber.Provider, command.LastAttempt);
            var error = $"Transcription ({transcriber.Provider}) failed: {ex.Message}";
            return await ProcessingFailure.RecordAsync(calls, unitOfWork, callSid, command.LastAttempt, error, ex,
                call => call.FailTranscript(error, time.GetUtcNow()), call => call.RequeueTranscript(error, time.GetUtcNow()), cancellationToken);
        }

        // Completing the transcript queues the summary (SummaryDue, Application/Pipeline) when summaries are on.
        var summarize = summarization.Value.Enabled;
        await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            if (call is null || call.TranscriptState != ProcessingState.Running)
            {
                return false;
            }

            var parts = transcript.Segments.Select(s => new TranscriptPart(s.StartSeconds, s.EndSeconds, s.Speaker, s.Text)).ToList();
            call.CompleteTranscript(transcript.Language, transcript.Text, parts, summarize, time.GetUtcNow());
            await unitOfWork.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);

        LogDone(logger, callSid, transcriber.Provider, transcript.Segments.Count);
        return ProcessingResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcription of call {CallSid} with {Provider} failed (last attempt: {LastAttempt})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string callSid, string provider, bool lastAttempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed call {CallSid} with {Provider}: {Segments} segment(s)")]
    private static partial void LogDone(ILogger logger, string callSid, string provider, int segments);
}
