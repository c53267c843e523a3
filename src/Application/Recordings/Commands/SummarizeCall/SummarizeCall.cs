using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.SummarizeCall;

/// <summary>Run by the summary job after the transcript: a short summary of the call, labelled with its provider.</summary>
public sealed record SummarizeCallCommand(string CallSid) : IProcessingStepCommand;

public sealed class SummarizeCallCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    ISummarizer summarizer,
    TimeProvider time,
    ILogger<SummarizeCallCommandHandler> logger)
    : ProcessingStepHandler<SummarizeCallCommand, Transcript, string>(calls, unitOfWork, time, logger)
{
    protected override ProcessingStep Which => ProcessingStep.Summary;

    protected override string Provider => summarizer.Provider;

    protected override Transcript InputOf(CallLog callLog) =>
        new(callLog.TranscriptLanguage, callLog.TranscriptText ?? string.Empty, callLog.TranscriptSegments);

    protected override Task<string> RunAsync(string callSid, Transcript input, CancellationToken cancellationToken) =>
        summarizer.SummarizeAsync(input, cancellationToken);

    protected override void Complete(CallLog callLog, string output, DateTimeOffset now) => callLog.CompleteSummary(output, summarizer.Provider, now);
}
