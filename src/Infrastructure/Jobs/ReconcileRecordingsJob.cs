using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Reconciliation;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;

namespace Recordings.Infrastructure.Jobs;

/// <summary>The reconciliation sweep: one command (see <see cref="SweepJob"/>); a failed run is in its report too.</summary>
[DisallowConcurrentExecution]
public sealed class ReconcileRecordingsJob(ISender sender, ILogger<ReconcileRecordingsJob> logger)
    : SweepJob(sender, logger, "reconciliation", () => new ReconcileRecordingsCommand())
{
    public static readonly JobKey Key = new("reconcile-recordings", "reconciliation");

    public static readonly TriggerKey TriggerKey = Sweeps.TriggerKeyOf(Key);
}

/// <summary>
/// Puts the reconciliation sweep in Quartz's (shared) schedule at start-up, every <c>Twilio:ReconcileInterval</c>, or
/// takes it out when the interval is zero (see <see cref="Sweeps"/>).
/// </summary>
public sealed class ReconciliationSchedule(ISchedulerFactory schedulers, IOptions<ReconciliationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Sweeps.ScheduleAsync<ReconcileRecordingsJob>(schedulers, ReconcileRecordingsJob.Key, options.Value.ReconcileInterval, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
