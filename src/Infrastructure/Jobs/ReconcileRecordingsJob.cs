using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Reconciliation;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// The reconciliation sweep: one command. Clustered (one node runs each firing) and never two at once; a failed run is
/// in its report, and the next firing tries again.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ReconcileRecordingsJob(ISender sender, ILogger<ReconcileRecordingsJob> logger) : IJob
{
    public static readonly JobKey Key = new("reconcile-recordings", "reconciliation");

    public static readonly TriggerKey TriggerKey = Sweeps.TriggerKeyOf(Key);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await sender.Send(new ReconcileRecordingsCommand(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reported and logged; the schedule stays, so the next firing runs it again.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The reconciliation run failed; the next one tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
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
