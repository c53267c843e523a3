using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Domain.Common;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// A job of the recording pipeline: keyed <c>{name}-{callSid}</c> (or <c>{name}-{callSid}-{recordingSid}</c>) in group
/// <c>recordings</c> (one such job per call, or recording, in the whole cluster), it reads its subject from its key and
/// sends its one command. The retry and give-up rules of
/// every pipeline job live here, and only here:
/// <list type="bullet">
/// <item>a failure (the command threw: the database is unreachable, an engine failed) is logged and handed back to
/// Quartz, whose retry policy on the trigger (<see cref="QuartzRecordingJobScheduler.RetryPolicyFor"/>) runs the job
/// again after 5 s, 10 s, 20 s... up to 5 minutes apart;</item>
/// <item>after the last attempt the job gives up: it logs an error and sends its give-up command, if it has one (a
/// transcript or summary is then marked failed);</item>
/// <item>a run cancelled because the node shuts down is not a failure: Quartz stores a recovery trigger (the job
/// requests recovery) and runs it again on another node or after the restart.</item>
/// </list>
/// Quartz builds the job in a DI scope of its own per firing, so the sender and everything behind it belong to this run.
/// </summary>
public abstract partial class PipelineJob(ISender sender, ILogger logger, PipelineJobKind kind) : IJob
{
    public const string Group = "recordings";

    private string Name => kind.Name;

    /// <summary>The call (and recording) a job key names for a job of this name, or null.</summary>
    public static PipelineJobSubject? SubjectOf(JobKey key, string name)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prefix = name + "-";
        if (key.Group != Group || !key.Name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key.Name[prefix.Length..].Split('-');
        return parts switch
        {
            [var callSid] when Sid.IsCallSid(callSid) => new PipelineJobSubject(callSid, null),
            [var callSid, var recordingSid] when Sid.IsCallSid(callSid) && Sid.IsRecordingSid(recordingSid) => new PipelineJobSubject(callSid, recordingSid),
            _ => null,
        };
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = SubjectOf(context.JobDetail.Key, Name);
        if (subject is null)
        {
            // Not retried: no later run can make sense of this key.
            LogUnknownKey(logger, context.JobDetail.Key.ToString());
            return;
        }

        var attempt = context.RetryAttempt + 1;
        // A span of the recording's trace (carried from the webhook through the job data): the steps it runs, the
        // queries and HTTP calls under it, and the jobs it queues, belong to it.
        using var activity = JobTracing.StartJob(context, Name, subject);
        try
        {
            // The command logs what it did; the job, that it ran.
            await sender.Send(kind.Command(subject), cancellationToken);
            LogCompleted(logger, Name, subject, attempt, context.Recovering);
        }
        catch (Exception ex) when (activity is not null && Failed(activity, ex))
        {
            throw; // not reached: Failed only marks the span and declines the exception
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (or an operator's interrupt): handed back to Quartz, which re-runs it after the restart.
            LogInterrupted(logger, Name, subject, attempt);
            throw;
        }
        catch (Exception ex)
        {
            var policy = context.RetryPolicy;
            if (policy is not null && policy != RetryPolicy.None && context.RetryAttempt < policy.MaxAttempts)
            {
                LogWillRetry(logger, ex, Name, subject, attempt, policy.MaxAttempts + 1, policy.DelayFor(attempt));
                throw new JobExecutionException($"The {Name} job of {subject} failed (attempt {attempt}).", ex);
            }

            LogGaveUp(logger, ex, Name, subject, attempt);
            if (kind.GiveUp is { } giveUp)
            {
                await sender.Send(giveUp(subject), cancellationToken);
            }
        }
    }

    /// <summary>Marks the job's span failed; returns false, so that the handlers below deal with the exception.</summary>
    private static bool Failed(System.Diagnostics.Activity activity, Exception exception)
    {
        activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {Job} job of {Subject} ran (attempt {Attempt}, recovering: {Recovering})")]
    private static partial void LogCompleted(ILogger logger, string job, PipelineJobSubject subject, int attempt, bool recovering);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Job} job of {Subject} was interrupted by shutdown (attempt {Attempt}); it runs again after the restart")]
    private static partial void LogInterrupted(ILogger logger, string job, PipelineJobSubject subject, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Job} job of {Subject} failed (attempt {Attempt} of {MaxAttempts}); it runs again in about {Delay}")]
    private static partial void LogWillRetry(ILogger logger, Exception exception, string job, PipelineJobSubject subject, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Job} job of {Subject} failed (attempt {Attempt}) and gives up")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string job, PipelineJobSubject subject, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pipeline job has a key that names no call: {JobKey}; it is dropped")]
    private static partial void LogUnknownKey(ILogger logger, string jobKey);
}
