using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Common.Options;
using Recordings.Application.Retention.Commands.ApplyRetention;

namespace Recordings.Infrastructure.Jobs;

/// <summary>The retention sweep: one command (see <see cref="SweepJob"/>); what it could not delete, it logged.</summary>
[DisallowConcurrentExecution]
public sealed class ApplyRetentionJob(ISender sender, ILogger<ApplyRetentionJob> logger)
    : SweepJob(sender, logger, "retention", () => new ApplyRetentionCommand())
{
    public static readonly JobKey Key = new("apply-retention", "retention");
}

/// <summary>Puts the retention sweep in the shared schedule every <c>Recordings:RetentionInterval</c> (zero: off).</summary>
public sealed class RetentionSchedule(ISchedulerFactory schedulers, IOptions<RecordingsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Sweeps.ScheduleAsync<ApplyRetentionJob>(schedulers, ApplyRetentionJob.Key, options.Value.RetentionInterval, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
