using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>
/// One app node's signal: its services as AddInfrastructure registers them, with a fake clock, and its LISTEN
/// connection started (without the rest of the host: Quartz plays no part here).
/// </summary>
internal sealed class SignalTestNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SignalTestNode(ServiceProvider services, ObservedFakeTimeProvider time)
    {
        _services = services;
        Time = time;
    }

    /// <summary>This node's clock: fake, and it tells when a timer is set (a wait, the reconnect's backoff).</summary>
    public ObservedFakeTimeProvider Time { get; }

    public PostgresNotificationListener Listener => _services.GetRequiredService<PostgresNotificationListener>();

    /// <summary>This node's requests held by <c>Prefer: wait</c>.</summary>
    public RecordingStateWaiters Waiters => _services.GetRequiredService<RecordingStateWaiters>();

    /// <summary>This node's memory of ready recordings, which its LISTEN connection keeps honest.</summary>
    public ReadyRecordingCache Cache => _services.GetRequiredService<ReadyRecordingCache>();

    public static async Task<SignalTestNode> StartAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = connectionString,
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        }).Build();
        var time = new ObservedFakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddInfrastructure(configuration);
        var provider = services.BuildServiceProvider();

        var node = new SignalTestNode(provider, time);
        await node.Listener.StartAsync(CancellationToken.None);
        await node.Listener.Listening.WaitAsync(JobsTestNode.Patience);
        return node;
    }

    public IRecordingStateSubscription Subscribe(string callSid)
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IRecordingStateSignal>().Subscribe(callSid);
    }

    /// <summary>Publishes inside a transaction of this node's own DbContext, then commits it or rolls it back.</summary>
    public async Task PublishAsync(string callSid, bool commit = true, string? recordingSid = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var signal = scope.ServiceProvider.GetRequiredService<IRecordingStateSignal>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await signal.PublishAsync(callSid, recordingSid, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
