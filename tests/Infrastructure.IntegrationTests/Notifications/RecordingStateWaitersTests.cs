using Microsoft.Extensions.Time.Testing;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>The requests held by <c>Prefer: wait</c> on one node, woken as the listener tells them (no database).</summary>
public sealed class RecordingStateWaitersTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string OtherCallSid = "CA1123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AnAnnouncementWakesTheWaitersOfItsCallWhicheverRecordingItNames()
    {
        var waiters = new RecordingStateWaiters(_time);
        waiters.Channel.ShouldBe(RecordingStateChannel.Name);
        using var first = waiters.Subscribe(CallSid);
        using var second = waiters.Subscribe(CallSid);
        using var other = waiters.Subscribe(OtherCallSid);
        var firstWoken = first.WaitAsync(Wait, CancellationToken.None);
        var secondWoken = second.WaitAsync(Wait, CancellationToken.None);
        var otherWoken = other.WaitAsync(Wait, CancellationToken.None);

        waiters.OnNotification(RecordingStateChannel.Payload(CallSid, RecordingSid));

        (await firstWoken).ShouldBeTrue();
        (await secondWoken).ShouldBeTrue();
        otherWoken.IsCompleted.ShouldBeFalse();
        waiters.OnNotification(RecordingStateChannel.Payload(OtherCallSid, null));
        (await otherWoken).ShouldBeTrue();
    }

    [Fact]
    public async Task ALostConnectionWakesNobodyAndListeningAgainWakesEveryone()
    {
        var waiters = new RecordingStateWaiters(_time);
        using var one = waiters.Subscribe(CallSid);
        using var other = waiters.Subscribe(OtherCallSid);
        var oneWoken = one.WaitAsync(Wait, CancellationToken.None);
        var otherWoken = other.WaitAsync(Wait, CancellationToken.None);

        waiters.OnConnectionLost();
        oneWoken.IsCompleted.ShouldBeFalse();
        otherWoken.IsCompleted.ShouldBeFalse();

        // What was announced while the connection was down is lost: everyone re-reads.
        waiters.OnListening();
        (await oneWoken).ShouldBeTrue();
        (await otherWoken).ShouldBeTrue();
    }

    [Fact]
    public async Task ASubscriptionWhoseWaitTimedOutStillCatchesTheNextAnnouncementOnce()
    {
        var waiters = new RecordingStateWaiters(_time);
        using var subscription = waiters.Subscribe(CallSid);
        var timedOut = subscription.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        (await timedOut).ShouldBeFalse();

        // Announced while it was not waiting (its request was reading the state): the next wait returns at once, once.
        waiters.OnNotification(CallSid);
        var next = subscription.WaitAsync(Wait, CancellationToken.None);
        next.IsCompletedSuccessfully.ShouldBeTrue();
        (await next).ShouldBeTrue();
        var after = subscription.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        after.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await after).ShouldBeFalse();
    }

    [Fact]
    public async Task WaitsThatTimedOutWereCancelledOrWereCutShortLeaveNothingBehindOnceDisposed()
    {
        var waiters = new RecordingStateWaiters(_time);
        var subscriptions = Enumerable.Range(0, 300).Select(i => waiters.Subscribe($"CA{i:x32}")).ToList();
        waiters.Count.ShouldBe(300);
        using var cancel = new CancellationTokenSource();
        var timingOut = subscriptions.Take(100).Select(s => s.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)).ToList();
        var cancelled = subscriptions.Skip(100).Take(100).Select(s => s.WaitAsync(Wait, cancel.Token)).ToList();
        var cutShort = subscriptions.Skip(200).Select(s => s.WaitAsync(Wait, CancellationToken.None)).ToList();

        _time.Advance(TimeSpan.FromSeconds(5));
        foreach (var wait in timingOut)
        {
            (await wait).ShouldBeFalse();
        }

        await cancel.CancelAsync();
        foreach (var wait in cancelled)
        {
            await Should.ThrowAsync<OperationCanceledException>(() => wait);
        }

        waiters.Count.ShouldBe(300, "a subscription stays until its request is done with it");
        subscriptions.ForEach(s => s.Dispose());
        foreach (var wait in cutShort)
        {
            await Should.ThrowAsync<ObjectDisposedException>(() => wait);
        }

        waiters.Count.ShouldBe(0);
        waiters.OnListening();
        Should.Throw<ObjectDisposedException>(() => subscriptions[0].WaitAsync(Wait, CancellationToken.None));
    }

    [Fact]
    public async Task ASubscriptionWaitsForOneCallerAtATime()
    {
        var waiters = new RecordingStateWaiters(_time);
        using var subscription = waiters.Subscribe(CallSid);
        var waiting = subscription.WaitAsync(Wait, CancellationToken.None);

        await Should.ThrowAsync<InvalidOperationException>(() => subscription.WaitAsync(Wait, CancellationToken.None));
        waiters.OnNotification(CallSid);
        (await waiting).ShouldBeTrue();
    }
}
