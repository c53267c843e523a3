using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.SummarizeCall;

/// <summary>Run by the summary job after the transcript: a short summary of the call, labelled with its provider.</summary>
public sealed record SummarizeCallCommand(string CallSid, bool LastAttempt) : ICommand<ProcessingResult>;

public sealed partial class SummarizeCallCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    ISummarizer summarizer,
    TimeProvider time,
    ILogger<SummarizeCallCommandHandler> logger) : ICommandHandler<SummarizeCallCommand, ProcessingResult>
{
    public async ValueTask<ProcessingResult> Handle(SummarizeCallCommand command, CancellationToken cancellationToken)
    {
        var callSid = command.CallSid;
        var transcript = await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            if (call is null || !call.StartSummary(time.GetUtcNow()))
            {
                return null;
            }

            await unitOfWork.SaveChangesAsync(ct);
            return new Transcript(call.TranscriptLanguage, call.TranscriptText ?? string.Empty,
                [.. call.TranscriptSegments.Select(p => new TranscriptSegment(p.StartSeconds, p.EndSeconds, p.Speaker, p.Text))]);
        }, cancellationToken);
        if (transcript is null)
        {
            return ProcessingResult.NothingToDo;
        }

        string summary;
        try
        {
            summary = await summarizer.SummarizeAsync(transcript, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, callSid, summarizer.Provider, command.LastAttempt);
            var error = $"Summary ({summarizer.Provider}) failed: {ex.Message}";
            return await ProcessingFailure.RecordAsync(calls, unitOfWork, callSid, command.LastAttempt, error, ex,
                call => call.FailSummary(error, time.GetUtcNow()), call => call.RequeueSummary(error, time.GetUtcNow()), cancellationToken);
        }

        return await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.FindForUpdateAsync(callSid, ct);
            if (call is null || call.SummaryState != ProcessingState.Running)
            {
                return ProcessingResult.NothingToDo;
            }

            call.CompleteSummary(summary, summarizer.Provider, time.GetUtcNow());
            await unitOfWork.SaveChangesAsync(ct);
            return ProcessingResult.Done;
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary of call {CallSid} with {Provider} failed (last attempt: {LastAttempt})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string callSid, string provider, bool lastAttempt);
}
