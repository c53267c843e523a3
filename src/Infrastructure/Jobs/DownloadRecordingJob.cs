using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Domain.Common;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// Downloads one call's recording: reads the call SID from its key and sends <see cref="DownloadRecordingCommand"/>.
/// Keyed <c>download-{callSid}</c> in group <c>recordings</c>, so one call has at most one such job in the cluster.
/// </summary>
/// <remarks>
/// <para>
/// Quartz builds the job in a DI scope of its own per firing, so the sender and everything behind it (the DbContext)
/// belong to this run alone.
/// </para>
/// <para>
/// A failure (the database is unreachable, the disk is full...) is logged and rethrown: the trigger's retry policy
/// (<see cref="QuartzRecordingJobScheduler.RetryPolicyFor"/>) runs the job again after 5 s, 10 s, 20 s... up to 5 minutes
/// apart, and gives up, with an error in the log, after <see cref="RecordingJobsOptions.DownloadMaxAttempts"/> runs.
/// The recording then stays queued (or downloading) until a request prepares it again or a node restarts
/// (<see cref="RecordingRecoveryService"/>).
/// </para>
/// <para>
/// A run cancelled because the node shuts down is not a failure: the cancellation is rethrown, and Quartz stores a
/// recovery trigger for it (the job requests recovery), which runs it again on another node or after the restart.
/// The recording stays downloading meanwhile and the next run starts it over.
/// </para>
/// </remarks>
[DisallowConcurrentExecution]
public sealed partial class DownloadRecordingJob(ISender sender, ILogger<DownloadRecordingJob> logger) : IJob
{
    public const string Group = "recordings";
    public const string NamePrefix = "download-";

    /// <summary>How many downloads one firing runs at most (the first, and re-queued ones found after it).</summary>
    public const int MaxRunsPerFiring = 3;

    public static JobKey KeyFor(string callSid) => new(NamePrefix + callSid, Group);

    /// <summary>The call SID a job key names, or null when the key is not a download job's.</summary>
    public static string? CallSidOf(JobKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Group != Group || !key.Name.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var callSid = key.Name[NamePrefix.Length..];
        return Sid.IsCallSid(callSid) ? callSid : null;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        var key = context.JobDetail.Key;
        var callSid = CallSidOf(key);
        if (callSid is null)
        {
            // Not retried: no later run can make sense of this key.
            LogUnknownKey(logger, key.ToString());
            return;
        }

        var attempt = context.RetryAttempt + 1;
        try
        {
            // After a download, look once more: a failed download queued again while this one ran is this job's work
            // too (its key is taken until it returns). Bounded, in case prepares keep re-queuing failures.
            for (var run = 0; run < MaxRunsPerFiring; run++)
            {
                var result = await sender.Send(new DownloadRecordingCommand(callSid), cancellationToken);
                LogCompleted(logger, callSid, result, attempt, context.Recovering);
                if (result == DownloadRecordingResult.NothingToDo)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (or an operator's interrupt): handed back to Quartz, which re-runs it after the restart.
            LogInterrupted(logger, callSid, attempt);
            throw;
        }
        catch (Exception ex)
        {
            var policy = context.RetryPolicy;
            if (policy is not null && policy != RetryPolicy.None && context.RetryAttempt < policy.MaxAttempts)
            {
                LogWillRetry(logger, ex, callSid, attempt, policy.MaxAttempts + 1, policy.DelayFor(attempt));
            }
            else
            {
                LogGaveUp(logger, ex, callSid, attempt);
            }

            throw new JobExecutionException($"The download job of call {callSid} failed (attempt {attempt}).", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Download job of call {CallSid}: {Result} (attempt {Attempt}, recovering: {Recovering})")]
    private static partial void LogCompleted(ILogger logger, string callSid, DownloadRecordingResult result, int attempt, bool recovering);

    [LoggerMessage(Level = LogLevel.Information, Message = "Download job of call {CallSid} interrupted by shutdown (attempt {Attempt}); it runs again after the restart")]
    private static partial void LogInterrupted(ILogger logger, string callSid, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download job of call {CallSid} failed (attempt {Attempt} of {MaxAttempts}); it runs again in about {Delay}")]
    private static partial void LogWillRetry(ILogger logger, Exception exception, string callSid, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Download job of call {CallSid} failed (attempt {Attempt}) and gives up; the recording stays queued until it is prepared again or a node restarts")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string callSid, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "A download job has a key that names no call: {JobKey}; it is dropped")]
    private static partial void LogUnknownKey(ILogger logger, string jobKey);
}
