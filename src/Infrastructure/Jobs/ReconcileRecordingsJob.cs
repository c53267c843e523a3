using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
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
