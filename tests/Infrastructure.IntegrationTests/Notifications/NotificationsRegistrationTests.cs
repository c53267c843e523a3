using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Identity;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>What AddInfrastructure registers around the LISTEN connection (no database: nothing is started).</summary>
public sealed class NotificationsRegistrationTests
{
    [Fact]
    public void OneHostedListenerHearsTheNodeMemoriesAndTheWaitersOnTheirOwnChannels()
    {
        using var host = Host();
        var services = host.Services;

        var listener = services.GetRequiredService<PostgresNotificationListener>();
        services.GetServices<IHostedService>().OfType<PostgresNotificationListener>().ShouldHaveSingleItem().ShouldBeSameAs(listener);
        listener.Channels.ShouldBe([AgentSessionCache.ChannelName, Recordings.Infrastructure.Organisation.OrgChartCache.ChannelName, RecordingStateChannel.Name],
            ignoreOrder: true);

        // The subscribers are the very singletons the rest of the node uses, each once.
        var subscribers = services.GetServices<INotificationSubscriber>().ToList();
        subscribers.Count.ShouldBe(4);
        subscribers.ShouldContain(s => ReferenceEquals(s, services.GetRequiredService<RecordingStateWaiters>()));
        subscribers.ShouldContain(s => ReferenceEquals(s, services.GetRequiredService<ReadyRecordingCache>()));
        subscribers.ShouldContain(s => ReferenceEquals(s, services.GetRequiredService<AgentSessionCache>()));
        subscribers.ShouldContain(s => ReferenceEquals(s, services.GetRequiredService<Recordings.Infrastructure.Organisation.OrgChartCache>()));
        services.GetRequiredService<IReadyRecordingCache>().ShouldBeSameAs(services.GetRequiredService<ReadyRecordingCache>());
        services.GetRequiredService<AgentSessionCache>().Channel.ShouldBe(AgentSessionCache.ChannelName);
        services.GetRequiredService<ReadyRecordingCache>().Channel.ShouldBe(RecordingStateChannel.Name);
    }

    [Fact]
    public async Task TheSignalHandsOutSubscriptionsOfTheNodesWaiters()
    {
        using var host = Host();
        var waiters = host.Services.GetRequiredService<RecordingStateWaiters>();
        await using var scope = host.Services.CreateAsyncScope();

        using var subscription = scope.ServiceProvider.GetRequiredService<IRecordingStateSignal>().Subscribe("CA0123456789abcdef0123456789abcdef");

        waiters.Count.ShouldBe(1);
    }

    private static IHost Host()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = "Host=127.0.0.1;Database=unused",
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddInfrastructure(builder.Configuration);
        return builder.Build();
    }
}
