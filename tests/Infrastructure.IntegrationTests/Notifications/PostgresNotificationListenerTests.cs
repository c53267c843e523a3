using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>
/// The node's one LISTEN connection on a real database: who hears what, what a failing subscriber costs, how a
/// connection that cannot be opened again is retried (Polly, on a fake clock), and that stopping closes it.
/// </summary>
public sealed class PostgresNotificationListenerTests : IAsyncLifetime
{
    private static readonly TimeSpan LongWait = TimeSpan.FromHours(1);

    private static readonly Application.Common.Interfaces.ReadyRecording Ready =
        new(Guid.NewGuid(), "CA0123456789abcdef0123456789abcdef.mp3", 1000, new string('a', 64), DateTimeOffset.UnixEpoch, "RE0123456789abcdef0123456789abcdef");

    private readonly ObservedFakeTimeProvider _time = new();
    private readonly List<PostgresNotificationListener> _listeners = [];
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_listen"));
        await using var migrator = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(migrator);
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }

        await TestDatabase.DropAsync(_connectionString);
    }

    [Fact]
    public async Task EachSubscriberHearsItsOwnChannelOnly()
    {
        var a = new TestSubscriber("test_a");
        var alsoA = new TestSubscriber("test_a");
        var b = new TestSubscriber("test_b");
        var listener = await StartAsync(a, alsoA, b);
        listener.Channels.ShouldBe(["test_a", "test_b"]);

        await NotifyAsync("test_a", "one");
        await NotifyAsync("test_b", "two");
        await NotifyAsync("test_nobody", "three");
        await NotifyAsync("test_a", "end");
        await NotifyAsync("test_b", "end");

        // Each one's events in order, and nothing else: a notification of another channel would show up among them.
        foreach (var subscriber in new[] { a, alsoA })
        {
            (await subscriber.NextAsync()).ShouldBe("listening");
            (await subscriber.NextAsync()).ShouldBe("notified one");
            (await subscriber.NextAsync()).ShouldBe("notified end");
        }

        (await b.NextAsync()).ShouldBe("listening");
        (await b.NextAsync()).ShouldBe("notified two");
        (await b.NextAsync()).ShouldBe("notified end");
    }

    [Fact]
    public async Task ASubscriberThatFailsOnANotificationStartsAfreshAloneAndTheConnectionStays()
    {
        var failing = new TestSubscriber("test_a", _ => throw new InvalidOperationException("cannot take it in"));
        var other = new TestSubscriber("test_a");
        var listener = await StartAsync(failing, other);
        (await failing.NextAsync()).ShouldBe("listening");
        (await other.NextAsync()).ShouldBe("listening");

        await NotifyAsync("test_a", "one");
        await NotifyAsync("test_a", "two");

        // What it failed to take in counts as missed: it is told to start afresh, each time.
        (await failing.NextAsync()).ShouldBe("listening");
        (await failing.NextAsync()).ShouldBe("listening");
        // The other hears everything, and the connection was never lost.
        (await other.NextAsync()).ShouldBe("notified one");
        (await other.NextAsync()).ShouldBe("notified two");
        listener.Listening.IsCompletedSuccessfully.ShouldBeTrue();
        other.Events.ShouldBe(["listening", "notified one", "notified two"]);
    }

    [Fact]
    public async Task AConnectionThatCannotBeOpenedAgainIsRetriedOnTheClockAndItsSubscribersStartAfresh()
    {
        await using var node = await SignalTestNode.StartAsync(_connectionString);
        var remembered = CallRows.NewCallSid();
        node.Cache.Add(remembered, Ready, node.Cache.Version);
        node.Cache.TryGet(remembered, out _).ShouldBeTrue("trusted while listening");
        using var subscriber = node.Subscribe(CallRows.NewCallSid());
        var woken = subscriber.WaitAsync(LongWait, CancellationToken.None);
        var timers = node.Time.TimerCount;

        TimeSpan second;
        await TestDatabase.AllowConnectionsAsync(_connectionString, allow: false);
        try
        {
            (await TerminateListenersAsync()).ShouldBe(1);

            // Opened again at once, which fails; the next attempt waits for the pipeline's backoff on the node's clock.
            var first = await node.Time.NextTimerAsync(IsBackoff, timers);
            node.Listener.Listening.IsCompleted.ShouldBeFalse();
            node.Cache.Count.ShouldBe(0);
            node.Cache.TryGet(remembered, out _).ShouldBeFalse("nothing remembered before the break is trusted after it");
            node.Cache.Add(remembered, Ready, node.Cache.Version);
            node.Cache.TryGet(remembered, out _).ShouldBeFalse("nothing is remembered while announcements may be missed");
            woken.IsCompleted.ShouldBeFalse("a waiter wakes once its node listens again, to re-read what it may have missed");

            // Not before its time: a tick short of the backoff, nothing; at the backoff, the second attempt (refused too).
            timers = node.Time.TimerCount;
            node.Time.Advance(first - TimeSpan.FromTicks(1));
            node.Time.TimerCount.ShouldBe(timers);
            node.Time.Advance(TimeSpan.FromTicks(1));
            second = await node.Time.NextTimerAsync(IsBackoff, timers);
            node.Listener.Listening.IsCompleted.ShouldBeFalse();
        }
        finally
        {
            await TestDatabase.AllowConnectionsAsync(_connectionString, allow: true);
        }

        node.Time.Advance(second);
        await node.Listener.Listening.WaitAsync(JobsTestNode.Patience);
        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
        node.Cache.Add(remembered, Ready, node.Cache.Version);
        node.Cache.TryGet(remembered, out _).ShouldBeTrue("trusted again once listening");

        // ... and it hears announcements again.
        var callSid = CallRows.NewCallSid();
        using var later = node.Subscribe(callSid);
        var laterWoken = later.WaitAsync(LongWait, CancellationToken.None);
        await node.PublishAsync(callSid);
        (await laterWoken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
    }

    [Fact]
    public async Task StoppingClosesTheConnectionAndTellsTheSubscribers()
    {
        var subscriber = new TestSubscriber("test_a");
        var listener = await StartAsync(subscriber);
        (await subscriber.NextAsync()).ShouldBe("listening");
        (await ListenerBackendsAsync()).ShouldBe(1);

        await listener.StopAsync(CancellationToken.None);

        (await subscriber.NextAsync()).ShouldBe("lost");
        listener.Listening.IsCompleted.ShouldBeFalse();
        await UntilAsync(async () => await ListenerBackendsAsync() == 0, "the server has let the closed connection go");
    }

    [Fact]
    public void ItRefusesWhatIsNotAChannelNameAndHavingNothingToListenTo()
    {
        Should.Throw<ArgumentException>(() => Listener(new TestSubscriber("test_a; DROP TABLE calls")));
        Should.Throw<ArgumentException>(() => Listener(new TestSubscriber("Test_A")));
        Should.Throw<ArgumentException>(() => Listener());
    }

    /// <summary>The reconnect's waits, not a waiter's (an hour) nor Quartz's.</summary>
    private static bool IsBackoff(TimeSpan dueTime) => dueTime > TimeSpan.Zero && dueTime <= PostgresNotificationListener.Reconnect.MaxDelay;

    private PostgresNotificationListener Listener(params INotificationSubscriber[] subscribers) =>
        new(_connectionString, subscribers, _time, NullLogger<PostgresNotificationListener>.Instance);

    private async Task<PostgresNotificationListener> StartAsync(params INotificationSubscriber[] subscribers)
    {
        var listener = Listener(subscribers);
        _listeners.Add(listener);
        await listener.StartAsync(CancellationToken.None);
        await listener.Listening.WaitAsync(JobsTestNode.Patience);
        return listener;
    }

    private async Task NotifyAsync(string channel, string payload)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        notify.Parameters.AddWithValue("channel", channel);
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync();
    }

    private string Database => new NpgsqlConnectionStringBuilder(_connectionString).Database!;

    private async Task<long> TerminateListenersAsync() => await ScalarAsync(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND application_name = @app");

    private async Task<long> ListenerBackendsAsync() => await ScalarAsync(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND application_name = @app");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await TestDatabase.OpenServerAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("db", Database);
        command.Parameters.AddWithValue("app", PostgresNotificationListener.ApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The server removes a backend a moment after its client hung up, and says so to nobody: asked again (each ask
    /// a round trip, no sleeping) until it is gone, at most <see cref="JobsTestNode.Patience"/>.
    /// </summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + JobsTestNode.Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true after {JobsTestNode.Patience}: {what}.");
            }
        }
    }
}
