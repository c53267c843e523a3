using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// Starts and stops the node's Quartz scheduler with the host (Quartz's own <see cref="QuartzHostedService"/> inside),
/// and keeps a stop within the host's shutdown deadline.
/// </summary>
/// <remarks>
/// Quartz's stop can wait for its database for ever: a trigger the scheduler had claimed and was waiting to fire is
/// handed back on shutdown through a store call that retries until the store is shut down, which happens only after
/// that call returns. With PostgreSQL gone, a SIGTERM then left the node running until its supervisor killed it. Past
/// the host's deadline (<c>HostOptions.ShutdownTimeout</c>, 30 s unless configured) this service stops waiting and
/// says so; the scheduler's threads are background threads (see <see cref="JobsServiceCollectionExtensions"/>), so they
/// do not keep the process alive. What the abandoned scheduler had claimed is recorded in its tables under the node's
/// instance id, and is recovered as after a crash: by another node once the node's check-ins have lapsed, or by the
/// node itself when it comes back with the same <c>Quartz:InstanceId</c>.
/// </remarks>
public sealed partial class SchedulerHostedService(QuartzHostedService quartz, ILogger<SchedulerHostedService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => quartz.StartingAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => quartz.StartAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => quartz.StartedAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => quartz.StoppingAsync(cancellationToken);

    /// <summary>Quartz's stop, waited for until <paramref name="cancellationToken"/> (the host's deadline) fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = quartz.StopAsync(cancellationToken);
        if (await Task.WhenAny(stopping, Task.Delay(Timeout.Infinite, cancellationToken)) == stopping)
        {
            // Ended in time (also when it ended as the deadline passed): its outcome, a failure included, is the stop's.
            await stopping;
            return;
        }

        // The stop goes on in the background while the process ends; a failure it reports later has no one to tell,
        // so it is observed here rather than left to the finalizer's unobserved-exception event.
        _ = stopping.ContinueWith(static stop => _ = stop.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        LogAbandoned(logger);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => quartz.StoppedAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job scheduler did not stop within the host's shutdown timeout " +
        "(its database may be unreachable); the node stops without it. The jobs it had claimed run again on another node, " +
        "or on this one when it restarts with the same Quartz:InstanceId")]
    private static partial void LogAbandoned(ILogger logger);
}
