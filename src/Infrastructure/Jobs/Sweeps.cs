using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// The periodic sweeps (reconciliation with Twilio, retention): a durable job in Quartz's shared schedule with one
/// trigger, every interval (the first run one interval after start), or no job when the interval is zero. Every node
/// puts it there at start-up; the last one to start wins, which is the same schedule. Clustered: one node runs each
/// firing.
/// </summary>
public static class Sweeps
{
    public static TriggerKey TriggerKeyOf(JobKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new TriggerKey(key.Name, key.Group);
    }

    public static async Task ScheduleAsync<TJob>(
        ISchedulerFactory schedulers, JobKey key, TimeSpan interval, string? executionGroup, CancellationToken cancellationToken)
        where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (interval <= TimeSpan.Zero)
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }

        var job = JobBuilder.Create<TJob>().WithIdentity(key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyOf(key))
            .ForJob(job)
            .WithExecutionGroup(executionGroup)
            .StartAt(DateTimeOffset.UtcNow + interval)
            // A node that was down does not make up for the missed firings: one run catches up on everything due.
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}

/// <summary>
/// Puts one sweep's job in Quartz's shared schedule at start-up, every <paramref name="interval"/>, or takes it out when
/// the interval is zero (see <see cref="Sweeps.ScheduleAsync{TJob}"/>). One hosted service per sweep, each registered
/// with its key, its configured interval and its execution group (<see cref="RecordingJobsOptions.ProcessingGroup"/>, or
/// null for the default group the downloads run in).
/// </summary>
public sealed class SweepSchedule<TJob>(ISchedulerFactory schedulers, JobKey key, TimeSpan interval, string? executionGroup) : IHostedService
    where TJob : IJob
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Sweeps.ScheduleAsync<TJob>(schedulers, key, interval, executionGroup, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// A sweep's job: sends its one command. Clustered (one node runs each firing) and never two at once (each job class
/// is <c>DisallowConcurrentExecution</c>); a failure is logged and the schedule stays, so the next firing tries again.
/// </summary>
public abstract partial class SweepJob(ISender sender, ILogger logger, string name, Func<object> command) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await sender.Send(command(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Sweep} run failed; the next one tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string sweep);
}
