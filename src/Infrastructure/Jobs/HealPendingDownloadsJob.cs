using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings.Commands.HealPendingDownloads;

namespace Recordings.Infrastructure.Jobs;

/// <summary>The sweep that gives a pending recording whose download job is gone its job again (see <see cref="SweepJob"/>).</summary>
[DisallowConcurrentExecution]
public sealed class HealPendingDownloadsJob(ISender sender, ILogger<HealPendingDownloadsJob> logger)
    : SweepJob(sender, logger, "pending downloads", () => new HealPendingDownloadsCommand())
{
    public static readonly JobKey Key = new("heal-pending-downloads", "healing");
}

/// <summary>Puts that sweep in the shared schedule every <c>Recordings:HealInterval</c> (zero: off).</summary>
public sealed class HealPendingDownloadsSchedule(ISchedulerFactory schedulers, IOptions<RecordingsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Sweeps.ScheduleAsync<HealPendingDownloadsJob>(schedulers, HealPendingDownloadsJob.Key, options.Value.HealInterval, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
