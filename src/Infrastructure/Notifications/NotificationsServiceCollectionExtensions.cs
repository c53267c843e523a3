using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what a node hears through its one LISTEN connection:
    /// <list type="bullet">
    /// <item><see cref="PostgresNotificationListener"/> (singleton, hosted) on <c>ConnectionStrings:Recordings</c>,
    /// listening to the channel of every <see cref="INotificationSubscriber"/> registered;</item>
    /// <item><see cref="RecordingStateWaiters"/> (singleton; hears <see cref="RecordingStateChannel"/>), the requests held
    /// by <c>Prefer: wait</c>, behind <see cref="IRecordingStateSignal"/> (<see cref="PostgresRecordingStateSignal"/>,
    /// scoped: it announces inside the caller's transaction);</item>
    /// <item><see cref="ReadyRecordingCache"/> (singleton, <see cref="IReadyRecordingCache"/>; hears
    /// <see cref="RecordingStateChannel"/>), <c>Recordings:ReadyCacheEntries</c> entries.</item>
    /// </list>
    /// Other subscribers add themselves with <see cref="AddNotificationSubscriber{TSubscriber}"/> (the session memory does).
    /// Needs a <see cref="TimeProvider"/> and the <see cref="RecordingsDbContext"/> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddNodeNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var connectionString = DatabaseConnections.ForRequests(configuration);

        services.TryAddSingleton(sp => new RecordingStateWaiters(sp.GetRequiredService<TimeProvider>()));
        services.AddNotificationSubscriber<RecordingStateWaiters>();
        services.TryAddScoped<IRecordingStateSignal, PostgresRecordingStateSignal>();

        services.TryAddSingleton(sp => new ReadyRecordingCache(sp.GetRequiredService<IOptions<RecordingsOptions>>().Value.ReadyCacheEntries));
        services.TryAddSingleton<IReadyRecordingCache>(sp => sp.GetRequiredService<ReadyRecordingCache>());
        services.AddNotificationSubscriber<ReadyRecordingCache>();

        services.TryAddSingleton(sp => new PostgresNotificationListener(
            connectionString,
            sp.GetServices<INotificationSubscriber>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresNotificationListener>>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNotificationListener>());

        return services;
    }

    /// <summary>
    /// Makes the singleton registered as <typeparamref name="TSubscriber"/> one of the subscribers of the node's LISTEN
    /// connection (once, however often it is called).
    /// </summary>
    public static IServiceCollection AddNotificationSubscriber<TSubscriber>(this IServiceCollection services)
        where TSubscriber : class, INotificationSubscriber
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSubscriber, TSubscriber>(sp => sp.GetRequiredService<TSubscriber>()));
        return services;
    }
}
