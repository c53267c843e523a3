using System.Collections.Concurrent;
using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Jobs;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>What a node's download job does when it sends the command (the real handler is tested elsewhere).</summary>
internal delegate Task<DownloadRecordingResult> DownloadBehaviour(DownloadRecordingCommand command, CancellationToken cancellationToken);

/// <summary>What a node's other jobs (transcription, summary, ...) do when they send their command.</summary>
internal delegate Task OtherJobBehaviour(object command, CancellationToken cancellationToken);

/// <summary>Every download command any node sent, in order, as a stream a test can await.</summary>
internal sealed class DownloadLog
{
    private readonly Channel<(string Node, string CallSid)> _sent = Channel.CreateUnbounded<(string Node, string CallSid)>();
    private readonly ConcurrentQueue<(string Node, string CallSid)> _all = new();

    public IReadOnlyList<(string Node, string CallSid)> All => [.. _all];

    public void Record(string node, string callSid)
    {
        _all.Enqueue((node, callSid));
        _sent.Writer.TryWrite((node, callSid));
    }

    /// <summary>The next command sent (by any node), waiting for it as long as <see cref="JobsTestNode.Patience"/>.</summary>
    public async Task<(string Node, string CallSid)> NextAsync() =>
        await _sent.Reader.ReadAsync().AsTask().WaitAsync(JobsTestNode.Patience);
}

/// <summary>
/// One app node as far as jobs go: a host with the real infrastructure (Quartz clustered on the test database, the
/// recovery service, the listener) and a substitute mediator that records the download commands the job sends.
/// </summary>
internal sealed class JobsTestNode : IAsyncDisposable
{
    /// <summary>How long a test waits for something that should happen at once (a guard, not a sleep).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly IHost _host;
    private bool _stopped;

    private JobsTestNode(string name, IHost host)
    {
        Name = name;
        _host = host;
    }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    public QuartzRecordingJobScheduler Jobs => _host.Services.GetRequiredService<QuartzRecordingJobScheduler>();

    public RecordingRecoveryService Recovery => _host.Services.GetServices<IHostedService>().OfType<RecordingRecoveryService>().Single();

    public static JobsTestNode Create(
        string name,
        string connectionString,
        string storagePath,
        DownloadLog log,
        DownloadBehaviour behaviour,
        string instanceId = RecordingJobsOptions.AutoInstanceId,
        IDictionary<string, string?>? settings = null,
        OtherJobBehaviour? others = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = connectionString,
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
            ["Recordings:StoragePath"] = storagePath,
            ["Quartz:InstanceId"] = instanceId,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddInfrastructure(builder.Configuration);

        var sender = new DownloadOnlySender(name, log, behaviour, others);
        builder.Services.AddSingleton<ISender>(sender);

        return new JobsTestNode(name, builder.Build());
    }

    public Task StartAsync() => _host.StartAsync();

    /// <summary>A graceful stop, as on SIGTERM: the scheduler asks running jobs to stop and waits for them.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _host.StopAsync();
    }

    /// <summary>
    /// A crash, as far as the database can tell: the scheduler goes away without waiting for (or telling) its running
    /// jobs, so their firings stay recorded as in progress under this node's instance id.
    /// </summary>
    public async Task CrashAsync()
    {
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Shutdown(waitForJobsToComplete: false);
    }

    public Task WhenJobGoneAsync(string callSid) =>
        UntilAsync(async () => !await Jobs.IsDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None), $"the download job of {callSid} is gone");

    /// <summary>
    /// Waits for a condition that no event announces (a job deleted, a node checked in): a short poll, bounded by
    /// <see cref="Patience"/>.
    /// </summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(condition, what, Patience);

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            try
            {
                await _host.StopAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }

        _host.Dispose();
    }
}

/// <summary>
/// A mediator that knows the download job's command and hands it to the test's behaviour; the other jobs' commands go
/// to <paramref name="others"/> when the test gives one.
/// </summary>
internal sealed class DownloadOnlySender(string node, DownloadLog log, DownloadBehaviour behaviour, OtherJobBehaviour? others = null) : UntypedSender
{
    /// <summary>What the jobs call: the download job's command, recorded and answered by the test's behaviour (the others likewise).</summary>
    public override async ValueTask<object?> Send(object message, CancellationToken cancellationToken = default)
    {
        if (message is DownloadRecordingCommand download)
        {
            log.Record(node, download.CallSid);
            return await behaviour(download, cancellationToken);
        }

        if (others is null)
        {
            throw new NotSupportedException($"The test sends only {nameof(DownloadRecordingCommand)}, not {message.GetType().Name}.");
        }

        await others(message, cancellationToken);
        return null;
    }
}
