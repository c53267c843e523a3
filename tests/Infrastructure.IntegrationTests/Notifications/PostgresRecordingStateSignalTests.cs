using Recordings.Application.Common.Interfaces;
using Npgsql;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>LISTEN/NOTIFY between two nodes (two service providers, two connections) on a real database.</summary>
public sealed class PostgresRecordingStateSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private string _connectionString = string.Empty;
    private SignalTestNode _publisher = null!;
    private SignalTestNode _waiter = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_signal"));
        await using (var migrator = DatabaseMigratorTests.Node(_connectionString))
        {
            await DatabaseMigrator.MigrateAsync(migrator);
        }

        _publisher = await SignalTestNode.StartAsync(_connectionString);
        _waiter = await SignalTestNode.StartAsync(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _waiter.DisposeAsync();
        await _publisher.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    [Fact]
    public async Task ACommittedAnnouncementWakesTheSubscribersOfThatCallOnAnotherNodeOnly()
    {
        var callSid = CallRows.NewCallSid();
        var otherSid = CallRows.NewCallSid();
        using var subscriber = _waiter.Subscribe(callSid);
        using var otherSubscriber = _waiter.Subscribe(otherSid);
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);
        var otherWoken = otherSubscriber.WaitAsync(Wait, CancellationToken.None);

        await _publisher.PublishAsync(callSid);

        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
        await ProveDeliveredAsync();
        otherWoken.IsCompleted.ShouldBeFalse();
        _waiter.Time.Advance(Wait);
        (await otherWoken.WaitAsync(JobsTestNode.Patience)).ShouldBeFalse();
    }

    [Fact]
    public async Task ARolledBackAnnouncementWakesNobody()
    {
        var callSid = CallRows.NewCallSid();
        using var subscriber = _waiter.Subscribe(callSid);
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);

        await _publisher.PublishAsync(callSid, commit: false);

        await ProveDeliveredAsync();
        woken.IsCompleted.ShouldBeFalse();
        _waiter.Time.Advance(Wait);
        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeFalse();
    }

    [Fact]
    public async Task AWaitWithoutAnnouncementTimesOutOnTheClock()
    {
        using var subscriber = _waiter.Subscribe(CallRows.NewCallSid());
        var woken = subscriber.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        _waiter.Time.Advance(TimeSpan.FromSeconds(4));
        woken.IsCompleted.ShouldBeFalse();
        _waiter.Time.Advance(TimeSpan.FromSeconds(1));

        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeFalse();
    }

    [Fact]
    public async Task AnAnnouncementBetweenWaitsIsKeptForTheNextWait()
    {
        var callSid = CallRows.NewCallSid();
        using var subscriber = _waiter.Subscribe(callSid);
        using var witness = _waiter.Subscribe(callSid);
        var witnessed = witness.WaitAsync(Wait, CancellationToken.None);

        await _publisher.PublishAsync(callSid);
        (await witnessed.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();

        // Announced while the subscriber was not waiting (it was reading the state): the next wait returns at once.
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);
        woken.IsCompletedSuccessfully.ShouldBeTrue();
        (await woken).ShouldBeTrue();

        // ... and only once.
        var next = subscriber.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        _waiter.Time.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(JobsTestNode.Patience)).ShouldBeFalse();
    }

    [Fact]
    public async Task ABrokenListenConnectionIsReopenedAndWakesEveryWaiter()
    {
        using var subscriber = _waiter.Subscribe(CallRows.NewCallSid());
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);

        await TerminateListenersAsync();

        // Nothing was announced, but notifications sent while reconnecting would be lost: waiters re-read.
        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
        await _waiter.Listener.Listening.WaitAsync(JobsTestNode.Patience);

        // And the new connection listens.
        var callSid = CallRows.NewCallSid();
        using var later = _waiter.Subscribe(callSid);
        var laterWoken = later.WaitAsync(Wait, CancellationToken.None);
        await _publisher.PublishAsync(callSid);
        (await laterWoken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
    }

    [Fact]
    public async Task CancellingAWaitThrowsAndDisposedSubscriptionsAreForgotten()
    {
        var subscriptions = Enumerable.Range(0, 1000).Select(i => _waiter.Subscribe(CallRows.NewCallSid())).ToList();
        using var cancel = new CancellationTokenSource();
        var waiting = subscriptions.Take(100).Select(s => s.WaitAsync(Wait, cancel.Token)).ToList();
        _waiter.Waiters.Count.ShouldBe(1000);

        await cancel.CancelAsync();
        foreach (var wait in waiting)
        {
            await Should.ThrowAsync<OperationCanceledException>(() => wait.WaitAsync(JobsTestNode.Patience));
        }

        subscriptions.ForEach(s => s.Dispose());
        _waiter.Waiters.Count.ShouldBe(0);
        Should.Throw<ObjectDisposedException>(() => subscriptions[0].WaitAsync(Wait, CancellationToken.None));
    }

    [Fact]
    public async Task PublishingRefusesWhatIsNotACallSid()
    {
        await Should.ThrowAsync<ArgumentException>(() => _publisher.PublishAsync("CA'); DROP TABLE calls; --"));
    }

    /// <summary>
    /// Notifications reach a listener in commit order, so once a later announcement (of a call nobody else watches)
    /// has arrived, every earlier one has been handled too.
    /// </summary>
    private async Task ProveDeliveredAsync()
    {
        var sentinel = CallRows.NewCallSid();
        using var subscription = _waiter.Subscribe(sentinel);
        var woken = subscription.WaitAsync(Wait, CancellationToken.None);
        await _publisher.PublishAsync(sentinel);
        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
    }

    [Fact]
    public async Task AnAnnouncementFromAnotherNodeMakesThisNodeForgetTheRecording()
    {
        var (callSid, other) = (CallRows.NewCallSid(), CallRows.NewCallSid());
        _waiter.Cache.Add(callSid, Ready, _waiter.Cache.Version);
        _waiter.Cache.Add(other, Ready, _waiter.Cache.Version);
        _waiter.Cache.TryGet(callSid, out _).ShouldBeTrue("trusted while listening");
        using var subscriber = _waiter.Subscribe(callSid);
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);

        await _publisher.PublishAsync(callSid);

        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
        _waiter.Cache.TryGet(callSid, out _).ShouldBeFalse();
        _waiter.Cache.TryGet(other, out _).ShouldBeTrue("only the announced call is forgotten");
    }

    [Fact]
    public async Task AnAnnouncementAboutOneRecordingForgetsItAndTheCallsFirstButNotTheCallsOtherRecordings()
    {
        var callSid = CallRows.NewCallSid();
        var (first, second) = ("RE" + new string('1', 32), "RE" + new string('2', 32));
        var keys = (Call: ReadyRecordingKey.For(callSid, null), First: ReadyRecordingKey.For(callSid, first), Second: ReadyRecordingKey.For(callSid, second));
        _waiter.Cache.Add(keys.Call, Ready, _waiter.Cache.Version);
        _waiter.Cache.Add(keys.First, Ready, _waiter.Cache.Version);
        _waiter.Cache.Add(keys.Second, Ready, _waiter.Cache.Version);
        using var subscriber = _waiter.Subscribe(callSid);
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);

        await _publisher.PublishAsync(callSid, recordingSid: first);

        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue("the call's waiters wake whichever recording changed");
        _waiter.Cache.TryGet(keys.Call, out _).ShouldBeFalse("the call's first recording may be the one that changed");
        _waiter.Cache.TryGet(keys.First, out _).ShouldBeFalse();
        _waiter.Cache.TryGet(keys.Second, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ABrokenListenConnectionForgetsEverythingRemembered()
    {
        var callSid = CallRows.NewCallSid();
        _waiter.Cache.Add(callSid, Ready, _waiter.Cache.Version);
        using var subscriber = _waiter.Subscribe(CallRows.NewCallSid());
        var woken = subscriber.WaitAsync(Wait, CancellationToken.None);

        await TerminateListenersAsync();

        // Announcements sent while it reconnected are lost: nothing remembered before the break is trusted after it.
        (await woken.WaitAsync(JobsTestNode.Patience)).ShouldBeTrue();
        await _waiter.Listener.Listening.WaitAsync(JobsTestNode.Patience);
        _waiter.Cache.TryGet(callSid, out _).ShouldBeFalse();
        _waiter.Cache.Count.ShouldBe(0);
    }

    private static readonly Application.Common.Interfaces.ReadyRecording Ready =
        new(Guid.NewGuid(), "CA0123456789abcdef0123456789abcdef.mp3", 1000, new string('a', 64), DateTimeOffset.UnixEpoch, "RE0123456789abcdef0123456789abcdef");

    private async Task TerminateListenersAsync()
    {
        await using var connection = await TestDatabase.OpenServerAsync();
        await using var terminate = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND application_name = @app", connection);
        terminate.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(_connectionString).Database!);
        terminate.Parameters.AddWithValue("app", PostgresNotificationListener.ApplicationName);
        ((long)(await terminate.ExecuteScalarAsync())!).ShouldBe(2);
    }
}
