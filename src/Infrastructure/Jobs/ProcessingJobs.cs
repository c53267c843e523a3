using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands;
using Recordings.Application.Recordings.Commands.SummarizeCall;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Common;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// A step of the pipeline after the download (transcribe, summarize), keyed by the call SID like the download job.
/// A transient failure leaves the step queued and is thrown back to Quartz, whose retry policy on the trigger runs the
/// job again with backoff; the last attempt's failure marks the step failed instead.
/// </summary>
public abstract partial class ProcessingJob(ISender sender, ILogger logger) : IJob
{
    public const string Group = DownloadRecordingJob.Group;

    protected abstract string StepName { get; }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.JobDetail.Key.Name;
        var prefix = StepName + "-";
        var callSid = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : null;
        if (!Sid.IsCallSid(callSid))
        {
            LogUnknownKey(logger, context.JobDetail.Key.ToString());
            return;
        }

        var policy = context.RetryPolicy;
        var lastAttempt = policy is null || policy == RetryPolicy.None || context.RetryAttempt >= policy.MaxAttempts;
        try
        {
            var result = await SendAsync(sender, callSid!, lastAttempt, cancellationToken);
            LogCompleted(logger, StepName, callSid!, result, context.RetryAttempt + 1);
        }
        catch (ProcessingRetryException ex)
        {
            LogWillRetry(logger, StepName, callSid!, context.RetryAttempt + 1, ex.Message);
            throw new JobExecutionException($"The {StepName} job of call {callSid} failed; it runs again later.", ex);
        }
    }

    protected abstract ValueTask<ProcessingResult> SendAsync(ISender sender, string callSid, bool lastAttempt, CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Step} job of call {CallSid}: {Result} (attempt {Attempt})")]
    private static partial void LogCompleted(ILogger logger, string step, string callSid, ProcessingResult result, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} job of call {CallSid} failed (attempt {Attempt}) and runs again later: {Error}")]
    private static partial void LogWillRetry(ILogger logger, string step, string callSid, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pipeline job has a key that names no call: {JobKey}; it is dropped")]
    private static partial void LogUnknownKey(ILogger logger, string jobKey);
}

[DisallowConcurrentExecution]
public sealed class TranscribeRecordingJob(ISender sender, ILogger<TranscribeRecordingJob> logger) : ProcessingJob(sender, logger)
{
    public const string Name = "transcribe";

    protected override string StepName => Name;

    public static JobKey KeyFor(string callSid) => new($"{Name}-{callSid}", Group);

    protected override ValueTask<ProcessingResult> SendAsync(ISender sender, string callSid, bool lastAttempt, CancellationToken cancellationToken) =>
        sender.Send(new TranscribeRecordingCommand(callSid, lastAttempt), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class SummarizeCallJob(ISender sender, ILogger<SummarizeCallJob> logger) : ProcessingJob(sender, logger)
{
    public const string Name = "summarize";

    protected override string StepName => Name;

    public static JobKey KeyFor(string callSid) => new($"{Name}-{callSid}", Group);

    protected override ValueTask<ProcessingResult> SendAsync(ISender sender, string callSid, bool lastAttempt, CancellationToken cancellationToken) =>
        sender.Send(new SummarizeCallCommand(callSid, lastAttempt), cancellationToken);
}
