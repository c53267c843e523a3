using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Reconciliation;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the background jobs and the progress writer:
    /// <list type="bullet">
    /// <item>Quartz on the <c>ConnectionStrings:Recordings</c> database (AdoJobStore, PostgreSQL, clustered, its tables
    /// created at start-up when missing, System.Text.Json job data), run by a hosted service;</item>
    /// <item><see cref="IRecordingJobScheduler"/> (<see cref="QuartzRecordingJobScheduler"/>, singleton) and
    /// <see cref="DownloadRecordingJob"/> (transient; Quartz builds it in a DI scope per firing);</item>
    /// <item><see cref="RecordingRecoveryService"/> (hosted): re-queues interrupted downloads at start-up;</item>
    /// <item><see cref="IRecordingProgressWriter"/> (<see cref="RecordingProgressWriter"/>, singleton).</item>
    /// </list>
    /// Settings: section <c>Quartz</c> (<see cref="RecordingJobsOptions"/>). Needs a <see cref="TimeProvider"/>, the
    /// <c>RecordingsDbContext</c>, <c>ICallRepository</c>, <c>IRecordingStore</c> and the mediator's <c>ISender</c>
    /// registered elsewhere.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Shutdown: the hosted scheduler waits for running jobs, after asking them to stop (their cancellation token).
    /// A download that stops because of that is handed back to Quartz as a recovery firing (the job requests recovery
    /// and the store is told to recover firings cancelled by shutdown), so it runs again on another node or after the
    /// restart, and the recording is left downloading meanwhile. A crash needs nothing of the node: the cluster
    /// recovers the firings of a node that stopped checking in, or the node itself at its first check-in when its
    /// <see cref="RecordingJobsOptions.InstanceId"/> is stable.
    /// </para>
    /// <para>
    /// Quartz runs on the container's <see cref="TimeProvider"/> (the app's one clock). It is deliberately not given
    /// one of its own: <c>UseTimeProvider</c> on the default scheduler replaces the container's unkeyed
    /// <see cref="TimeProvider"/> registration for everybody. A test host with a fake clock therefore drives Quartz
    /// with it too.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddRecordingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var connectionString = DatabaseConnections.ForRequests(configuration);

        var section = configuration.GetSection(RecordingJobsOptions.SectionName);
        var options = section.Get<RecordingJobsOptions>() ?? new RecordingJobsOptions();
        if (options.Validate() is { } error)
        {
            throw new InvalidOperationException(error);
        }

        services.AddOptions<RecordingJobsOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;

                // AUTO: a new id per start; a stopped node's in-flight jobs are recovered once its check-ins have
                // lapsed (about 15-20 s). A STABLE id (Quartz:InstanceId, e.g. the machine name): the restarted node
                // recovers its own in-flight jobs at its first check-in. Never give two running nodes the same id.
                if (options.UsesGeneratedInstanceId)
                {
                    scheduler.GenerateInstanceId = true;
                }
                else
                {
                    scheduler.InstanceId = options.InstanceId;
                }

                // Ask running jobs to stop on every shutdown; with RecoverFiringsCancelledByShutdown they are re-run.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            // Downloads keep a thread of their own: the other jobs (some run for minutes) use at most this many.
            quartz.UseExecutionLimits(limits => limits.ForGroup(RecordingJobsOptions.ProcessingGroup, options.ProcessingLimit));
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(DatabaseConnections.ForJobs(configuration, options.MaxConcurrency));
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval;
                });
                // CREATE TABLE IF NOT EXISTS-style: safe on every start and on nodes starting at once.
                store.ProvisionSchema();
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = options.TablePrefix;
                    ado.RecoverFiringsCancelledByShutdown = true;
                    // The cluster manager's and misfire handler's threads must not keep the process alive when a
                    // stop has given up on a scheduler that cannot reach its database (SchedulerHostedService).
                    ado.UseBackgroundThreads = true;
                });
            });
        });
        // Quartz's hosted service, inside one that keeps its stop within the host's shutdown timeout.
        services.ConfigureAll<QuartzHostedServiceOptions>(hosted =>
        {
            hosted.WaitForJobsToComplete = true;
            hosted.AwaitApplicationStarted = true;
        });
        services.AddHostedService(sp => new SchedulerHostedService(
            ActivatorUtilities.CreateInstance<QuartzHostedService>(sp), sp.GetRequiredService<ILogger<SchedulerHostedService>>()));
        services.TryAddTransient<DownloadRecordingJob>();
        services.TryAddTransient<DeleteTwilioCopyJob>();
        services.TryAddTransient<AnalyzeRecordingJob>();
        services.TryAddTransient<RedactRecordingJob>();
        services.TryAddTransient<TranscribeRecordingJob>();
        services.TryAddTransient<SummarizeCallJob>();
        services.TryAddTransient<ReconcileRecordingsJob>();
        services.TryAddTransient<ApplyRetentionJob>();
        services.TryAddTransient<HealPendingDownloadsJob>();

        services.TryAddSingleton<QuartzRecordingJobScheduler>();
        services.TryAddSingleton<IRecordingJobScheduler>(sp => sp.GetRequiredService<QuartzRecordingJobScheduler>());
        services.AddHostedService<RecordingRecoveryService>();
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService(sp => new SweepSchedule<ReconcileRecordingsJob>(sp.GetRequiredService<ISchedulerFactory>(),
            ReconcileRecordingsJob.Key, sp.GetRequiredService<IOptions<ReconciliationOptions>>().Value.ReconcileInterval,
            RecordingJobsOptions.ProcessingGroup));
        services.AddHostedService(sp => new SweepSchedule<ApplyRetentionJob>(sp.GetRequiredService<ISchedulerFactory>(),
            ApplyRetentionJob.Key, sp.GetRequiredService<IOptions<RecordingsOptions>>().Value.RetentionInterval,
            RecordingJobsOptions.ProcessingGroup));
        // The heal sweep queues downloads: it may use the downloads' thread.
        services.AddHostedService(sp => new SweepSchedule<HealPendingDownloadsJob>(sp.GetRequiredService<ISchedulerFactory>(),
            HealPendingDownloadsJob.Key, sp.GetRequiredService<IOptions<RecordingsOptions>>().Value.HealInterval, executionGroup: null));
        services.AddOptions<TwilioCopyOptions>().Bind(configuration.GetSection(TwilioCopyOptions.SectionName));

        services.TryAddSingleton<IRecordingProgressWriter>(sp => new RecordingProgressWriter(
            connectionString,
            sp.GetRequiredService<ILogger<RecordingProgressWriter>>()));

        return services;
    }
}
