using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Retention.Commands.ApplyRetention;

namespace Recordings.Infrastructure.Jobs;

/// <summary>The retention sweep: one command (see <see cref="SweepJob"/>); what it could not delete, it logged.</summary>
[DisallowConcurrentExecution]
public sealed class ApplyRetentionJob(ISender sender, ILogger<ApplyRetentionJob> logger)
    : SweepJob(sender, logger, "retention", () => new ApplyRetentionCommand())
{
    public static readonly JobKey Key = new("apply-retention", "retention");
}
