using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Common.Options;
using Recordings.Application.Retention.Commands.ApplyRetention;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// The retention sweep: one command. Clustered (one node runs each firing) and never two at once; what a run could not
/// delete is logged, and the next firing tries again.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ApplyRetentionJob(ISender sender, ILogger<ApplyRetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("apply-retention", "retention");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await sender.Send(new ApplyRetentionCommand(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention run failed; the next one tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Puts the retention sweep in the shared schedule every <c>Recordings:RetentionInterval</c> (zero: off).</summary>
public sealed class RetentionSchedule(ISchedulerFactory schedulers, IOptions<RecordingsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Sweeps.ScheduleAsync<ApplyRetentionJob>(schedulers, ApplyRetentionJob.Key, options.Value.RetentionInterval, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
