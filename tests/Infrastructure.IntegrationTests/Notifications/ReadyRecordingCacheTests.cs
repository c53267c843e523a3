using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>The memory itself; how the LISTEN connection keeps it honest on a database is in <see cref="PostgresRecordingStateSignalTests"/>.</summary>
public sealed class ReadyRecordingCacheTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private static readonly ReadyRecording Ready =
        new(Guid.NewGuid(), CallSid + ".mp3", 1000, new string('a', 64), DateTimeOffset.UnixEpoch, "RE0123456789abcdef0123456789abcdef");

    [Fact]
    public void NothingIsRememberedBeforeTheNodeListens()
    {
        using var cache = new ReadyRecordingCache(10);

        cache.Add(CallSid, Ready, cache.Version);

        cache.TryGet(CallSid, out _).ShouldBeFalse();
    }

    [Fact]
    public void WhatWasReadBeforeAForgetIsNotAddedAfterIt()
    {
        using var cache = new ReadyRecordingCache(10);
        cache.Trust();
        var beforeRead = cache.Version;

        cache.Forget("CAffffffffffffffffffffffffffffffff");
        cache.Add(CallSid, Ready, beforeRead);

        cache.TryGet(CallSid, out _).ShouldBeFalse();
        cache.Add(CallSid, Ready, cache.Version);
        cache.TryGet(CallSid, out var remembered).ShouldBeTrue();
        remembered.ShouldBe(Ready);
    }

    [Fact]
    public void ForgettingDropsTheEntryAndDistrustDropsAllAndStopsRemembering()
    {
        using var cache = new ReadyRecordingCache(10);
        cache.Trust();
        cache.Add(CallSid, Ready, cache.Version);
        cache.Add("CA1123456789abcdef0123456789abcdef", Ready, cache.Version);

        cache.Forget(CallSid);
        cache.TryGet(CallSid, out _).ShouldBeFalse();
        cache.Count.ShouldBe(1);

        cache.Distrust();
        cache.Count.ShouldBe(0);
        cache.Add(CallSid, Ready, cache.Version);
        cache.TryGet(CallSid, out _).ShouldBeFalse();
    }

    [Fact]
    public void ItNeverHoldsMoreThanItsCapacity()
    {
        using var cache = new ReadyRecordingCache(100);
        cache.Trust();

        for (var i = 0; i < 1000; i++)
        {
            cache.Add($"CA{i:x32}", Ready, cache.Version);
        }

        cache.Count.ShouldBeLessThanOrEqualTo(100);
    }

    [Fact]
    public void ItHearsTheRecordingChannelAndAnAnnouncementForgetsTheCallsFirstAndTheNamedRecordingOnly()
    {
        const string first = "RE1123456789abcdef0123456789abcdef", second = "RE2223456789abcdef0123456789abcdef";
        using var cache = new ReadyRecordingCache(10);
        cache.Trust();
        foreach (var key in new[] { CallSid, ReadyRecordingKey.For(CallSid, first), ReadyRecordingKey.For(CallSid, second) })
        {
            cache.Add(key, Ready, cache.Version);
        }

        cache.Channel.ShouldBe(RecordingStateChannel.Name);
        cache.OnNotification(RecordingStateChannel.Payload(CallSid, first));

        cache.TryGet(CallSid, out _).ShouldBeFalse("the call's first recording may be the one that changed");
        cache.TryGet(ReadyRecordingKey.For(CallSid, first), out _).ShouldBeFalse();
        cache.TryGet(ReadyRecordingKey.For(CallSid, second), out _).ShouldBeTrue();
    }

    [Fact]
    public void ALostConnectionDistrustsAndListeningAgainStartsFromNothing()
    {
        using var cache = new ReadyRecordingCache(10);
        INotificationSubscriber subscriber = cache;
        subscriber.OnListening();
        cache.Add(CallSid, Ready, cache.Version);

        subscriber.OnConnectionLost();
        cache.TryGet(CallSid, out _).ShouldBeFalse();
        cache.Add(CallSid, Ready, cache.Version);
        cache.TryGet(CallSid, out _).ShouldBeFalse("nothing is remembered while announcements may be missed");

        subscriber.OnListening();
        cache.Count.ShouldBe(0);
        cache.Add(CallSid, Ready, cache.Version);
        cache.TryGet(CallSid, out _).ShouldBeTrue();
    }

    [Fact]
    public void ACapacityOfZeroRemembersNothing()
    {
        using var cache = new ReadyRecordingCache(0);
        cache.Trust();

        cache.Add(CallSid, Ready, cache.Version);

        cache.TryGet(CallSid, out _).ShouldBeFalse();
    }
}
