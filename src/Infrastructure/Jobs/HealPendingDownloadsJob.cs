using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands.HealPendingDownloads;

namespace Recordings.Infrastructure.Jobs;

/// <summary>The sweep that gives a pending recording whose download job is gone its job again (see <see cref="SweepJob"/>).</summary>
[DisallowConcurrentExecution]
public sealed class HealPendingDownloadsJob(ISender sender, ILogger<HealPendingDownloadsJob> logger)
    : SweepJob(sender, logger, "pending downloads", () => new HealPendingDownloadsCommand())
{
    public static readonly JobKey Key = new("heal-pending-downloads", "healing");
}
