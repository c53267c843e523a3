using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recordings.Application.Audit;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Audit;
using Recordings.Infrastructure.IntegrationTests.Support;

namespace Recordings.Infrastructure.IntegrationTests.Audit;

/// <summary>The writer off the request's path: plays folded per window, and a refused batch kept and written later.</summary>
public sealed class BufferedAuditLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxDelay = BufferedAuditLog.Retry.MaxDelay;
    private readonly ObservedFakeTimeProvider _time = new();
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
    public async Task ABatchTheDatabaseCannotTakeIsWrittenLaterNotLost()
    {
        _store.FailNext(2);
        using var log = Log();
        await log.StartAsync(CancellationToken.None);

        log.Append(Entry(AuditAction.View, Start));
        await _store.WaitForAttemptsAsync(1);
        _store.Written.ShouldBeEmpty();

        // Tried again after the retry's backoff on the fake clock, not before: no sleeping.
        var first = await _time.NextTimerAsync(_ => true);
        first.ShouldBeInRange(TimeSpan.FromTicks(1), MaxDelay);
        _time.Advance(first - TimeSpan.FromTicks(1));
        _store.Attempts.ShouldBe(1);
        _time.Advance(TimeSpan.FromTicks(1));
        await _store.WaitForAttemptsAsync(2);
        _time.Advance(await _time.NextTimerAsync(_ => true, alreadyCreated: 1));
        await _store.WaitForAsync(1);

        _store.Written.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.View);
        _store.Attempts.ShouldBe(3);
        log.Written.ShouldBe(1);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WhileTheDatabaseKeepsFailingTheBatchIsTriedAgainNeverMoreThanThirtySecondsApart()
    {
        const int failures = 15;
        _store.FailNext(failures);
        using var log = Log();
        await log.StartAsync(CancellationToken.None);

        log.Append(Entry(AuditAction.Prepare, Start));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < failures; i++)
        {
            var wait = await _time.NextTimerAsync(_ => true, alreadyCreated: i);
            waits.Add(wait);
            _time.Advance(wait);
        }

        await _store.WaitForAsync(1);
        _store.Attempts.ShouldBe(failures + 1);
        waits.ShouldAllBe(wait => wait > TimeSpan.Zero && wait <= MaxDelay);
        // It backs off: the first four waits come to at most 24 s whatever the jitter draws; the last four are near the cap.
        waits.TakeLast(4).Sum(w => w.TotalSeconds).ShouldBeGreaterThan(2 * waits.Take(4).Sum(w => w.TotalSeconds));
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StoppingWhileABatchWaitsForItsNextAttemptWritesItAtStop()
    {
        _store.FailNext(1);
        using var log = Log();
        await log.StartAsync(CancellationToken.None);
        log.Append(Entry(AuditAction.Prepare, Start));
        await _time.NextTimerAsync(_ => true);

        await log.StopAsync(CancellationToken.None);

        _store.Written.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Prepare);
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
        private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waits = [];
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

        public int Attempts
        {
            get
            {
                lock (_gate)
                {
                    return _attempts;
                }
            }
        }

        public void FailNext(int count) => _failures = count;

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, TimeSpan playWindow, CancellationToken cancellationToken)
        {
            try
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
            finally
            {
                SignalWaits();
            }
        }

        public Task WaitForAsync(int count) => UntilAsync(() => _written.Count >= count);

        public Task WaitForAttemptsAsync(int count) => UntilAsync(() => _attempts >= count);

        // The writer runs on its own task: each write signals the waits it satisfies (bounded, in case it never does).
        private Task UntilAsync(Func<bool> done)
        {
            lock (_gate)
            {
                if (done())
                {
                    return Task.CompletedTask;
                }

                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((done, signal));
                return signal.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        private void SignalWaits()
        {
            List<TaskCompletionSource> done = [];
            lock (_gate)
            {
                for (var i = _waits.Count - 1; i >= 0; i--)
                {
                    if (_waits[i].Done())
                    {
                        done.Add(_waits[i].Signal);
                        _waits.RemoveAt(i);
                    }
                }
            }

            done.ForEach(signal => signal.TrySetResult());
        }
    }
}
