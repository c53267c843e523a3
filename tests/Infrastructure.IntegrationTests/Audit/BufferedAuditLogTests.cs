using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Audit;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Audit;

namespace Recordings.Infrastructure.IntegrationTests.Audit;

/// <summary>The writer off the request's path: plays folded per window, and a refused batch kept and written later.</summary>
public sealed class BufferedAuditLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingStore _store = new();

    private BufferedAuditLog Log() => new(_store, Options.Create(new AuditOptions { PlayWindow = TimeSpan.FromMinutes(30) }), _time,
        NullLogger<BufferedAuditLog>.Instance);

    private static AuditEntry Entry(AuditAction action, DateTimeOffset at, string? recordingSid = "RE0123456789abcdef0123456789abcdef") =>
        AuditEntry.Create(at, action, "agent@acme.example", Guid.Empty, "CA0123456789abcdef0123456789abcdef", recordingSid, "127.0.0.1", "test");

    [Fact]
    public async Task PlaysDownloadsAndViewsWithinTheWindowAreOneEntryAndPreparesAreAllKept()
    {
        using var log = Log();
        await log.StartAsync(CancellationToken.None);

        log.Append(Entry(AuditAction.Play, Start));
        log.Append(Entry(AuditAction.Play, Start.AddMinutes(10)));
        log.Append(Entry(AuditAction.Play, Start.AddMinutes(5), recordingSid: "REffffffffffffffffffffffffffffffff"));
        log.Append(Entry(AuditAction.Download, Start.AddMinutes(11)));
        log.Append(Entry(AuditAction.Download, Start.AddMinutes(12)));
        log.Append(Entry(AuditAction.View, Start.AddMinutes(13), recordingSid: null));
        log.Append(Entry(AuditAction.View, Start.AddMinutes(14), recordingSid: null));
        log.Append(Entry(AuditAction.Prepare, Start.AddMinutes(15)));
        log.Append(Entry(AuditAction.Prepare, Start.AddMinutes(16)));
        log.Append(Entry(AuditAction.Play, Start.AddMinutes(31)));
        await _store.WaitForAsync(7);

        _store.Written.Select(e => (e.Action, e.At - Start)).ShouldBe([
            (AuditAction.Play, TimeSpan.Zero), (AuditAction.Play, TimeSpan.FromMinutes(5)), (AuditAction.Download, TimeSpan.FromMinutes(11)),
            (AuditAction.View, TimeSpan.FromMinutes(13)), (AuditAction.Prepare, TimeSpan.FromMinutes(15)),
            (AuditAction.Prepare, TimeSpan.FromMinutes(16)), (AuditAction.Play, TimeSpan.FromMinutes(31))]);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ABatchTheDatabaseRefusesIsWrittenLaterNotLost()
    {
        _store.FailNext(2);
        using var log = Log();
        await log.StartAsync(CancellationToken.None);

        log.Append(Entry(AuditAction.View, Start));
        await _store.WaitForAttemptsAsync(1);
        _store.Written.ShouldBeEmpty();

        // 1 s after the first failure, 2 s after the second: fake time, no sleeping.
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.WaitForAttemptsAsync(2);
        _time.Advance(TimeSpan.FromSeconds(2));
        await _store.WaitForAsync(1);

        _store.Written.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.View);
        log.Written.ShouldBe(1);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WhatIsQueuedWhenTheNodeStopsIsWritten()
    {
        using var log = Log();
        log.Append(Entry(AuditAction.View, Start));
        log.Append(Entry(AuditAction.Prepare, Start));

        await log.StartAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        _store.Written.Count.ShouldBe(2);
    }

    /// <summary>An audit store in memory that can refuse its next writes, as a database that is down would.</summary>
    private sealed class RecordingStore : IAuditStore
    {
        private readonly Lock _gate = new();
        private readonly List<AuditEntry> _written = [];
        private int _failures;
        private int _attempts;

        public IReadOnlyList<AuditEntry> Written
        {
            get
            {
                lock (_gate)
                {
                    return [.. _written];
                }
            }
        }

        public void FailNext(int count) => _failures = count;

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, TimeSpan playWindow, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _attempts++;
                if (_failures > 0)
                {
                    _failures--;
                    throw new InvalidOperationException("the database is down");
                }

                _written.AddRange(entries);
            }

            return Task.CompletedTask;
        }

        public Task WaitForAsync(int count) => UntilAsync(() => Written.Count >= count);

        public Task WaitForAttemptsAsync(int count) => UntilAsync(() => Volatile.Read(ref _attempts) >= count);

        // The writer runs on its own task: wait (bounded) for what it does, without moving the fake clock.
        private static async Task UntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The audit writer did not get there in time.");
                }

                await Task.Yield();
                await Task.Delay(5);
            }
        }
    }
}
