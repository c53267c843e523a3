using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Retention.Commands.ApplyRetention;
using Recordings.Application.Retention.Commands.ExpireRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Retention;

/// <summary>
/// The retention sweep over a business with more due recordings than the old fixed 500: keyset pages from the
/// repository, every expiry through <see cref="IScopedSender"/> (here the real <see cref="ExpireRecordingCommandHandler"/>
/// on a call whose Twilio copy is deleted by a fake that counts the deletes running at once), within a budget on fake time.
/// </summary>
public sealed class ApplyRetentionCommandHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private readonly IBusinessRepository _businesses = Substitute.For<IBusinessRepository>();
    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CountingTwilio _twilio = new();
    private readonly SortedDictionary<string, bool> _due = new(StringComparer.Ordinal);

    public ApplyRetentionCommandHandlerTests()
    {
        _businesses.ListRetentionPoliciesAsync(Arg.Any<CancellationToken>()).Returns([new RetentionPolicy(BusinessId, 7, null)]);
        // The repository's keyset: the due recordings after the given call, oldest (here: lowest SID) first.
        _calls.ListRecordingsToExpireAsync(BusinessId, Arg.Any<DateTimeOffset>(), Arg.Any<RetentionKey?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(ci =>
            {
                var after = ci.Arg<RetentionKey?>();
                lock (_due)
                {
                    return (IReadOnlyList<RecordingToExpire>)[.. _due.Where(d => d.Value && (after is null || string.CompareOrdinal(d.Key, after.CallSid) > 0))
                        .Take(ci.ArgAt<int>(3))
                        .Select(d => new RecordingToExpire(d.Key, RecordingSidOf(d.Key), new RetentionKey(Start.AddDays(-30), d.Key)))];
                }
            });
        _calls.CountRecordingsToExpireAsync(BusinessId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                lock (_due)
                {
                    return _due.Count(d => d.Value);
                }
            });
        _calls.FindForUpdateAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            var callSid = ci.Arg<string>();
            var call = CallLog.Create(callSid, AccountSid, Start.AddDays(-30));
            lock (_due)
            {
                if (_due.GetValueOrDefault(callSid))
                {
                    call.AttachRecording(RecordingSidOf(callSid), TwilioRecordingUrl, 31, 1, Start.AddDays(-30));
                }
            }

            return call;
        });
    }

    private static string CallSidOf(int i) => $"CA{i:x32}";

    private static string RecordingSidOf(string callSid) => "RE" + callSid[2..];

    private void Due(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _due[CallSidOf(i)] = true;
        }
    }

    private readonly RunLog _log = new();

    private Task<RetentionReport> Sweep(TimeSpan budget, int parallelism = 4) =>
        new ApplyRetentionCommandHandler(_businesses, _calls, new ScopedExpiry(this), Options.Create(new RecordingsOptions
            {
                RetentionRunBudget = budget,
                RetentionParallelism = parallelism,
            }), _time, _log)
            .Handle(new ApplyRetentionCommand(), CancellationToken.None).AsTask();

    [Fact]
    public async Task EveryDueRecordingIsExpiredInOneRunNotAFixed500()
    {
        Due(1_250);

        var report = await Sweep(TimeSpan.FromMinutes(5));

        report.RecordingsExpired.ShouldBe(1_250);
        report.Errors.ShouldBe(0);
        report.RecordingsLeft.ShouldBe(0);
        report.OutOfTime.ShouldBeFalse();
        _twilio.Deleted.Count.ShouldBe(1_250);
        // Keyset pages of PageSize calls (and one that finds nothing), never OFFSET.
        _calls.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(ICallRepository.ListRecordingsToExpireAsync)).ShouldBe(8);
    }

    [Fact]
    public async Task ARunStopsAtItsBudgetAndTheNextRunGoesOnWithWhatIsLeft()
    {
        Due(300);
        _twilio.EachDeleteTakes = () => _time.Advance(TimeSpan.FromSeconds(1));

        var first = await Sweep(TimeSpan.FromSeconds(100), parallelism: 1);

        first.RecordingsExpired.ShouldBe(100);
        first.RecordingsLeft.ShouldBe(200);
        first.OutOfTime.ShouldBeTrue();
        first.Seconds.ShouldBe(100, tolerance: 0.001);

        var second = await Sweep(TimeSpan.FromSeconds(100), parallelism: 1);

        second.RecordingsExpired.ShouldBe(100);
        second.RecordingsLeft.ShouldBe(100);
        _twilio.Deleted.ShouldBeUnique("the second run goes on where the first stopped");
        var line = _log.Lines.Last();
        line.Level.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Information);
        (line.State["Recordings"], line.State["RecordingsLeft"], line.State["OutOfTime"]).ShouldBe((100, 100, true));

        var third = await Sweep(TimeSpan.FromMinutes(10), parallelism: 1);
        (third.RecordingsExpired, third.RecordingsLeft, third.OutOfTime).ShouldBe((100, 0, false));
    }

    [Fact]
    public async Task NoMoreDeletesRunAtOnceThanTheParallelismAllows()
    {
        Due(120);
        _twilio.Hold = TimeSpan.FromMilliseconds(5);

        var report = await Sweep(TimeSpan.FromMinutes(5), parallelism: 3);

        report.RecordingsExpired.ShouldBe(120);
        _twilio.MostAtOnce.ShouldBe(3, "bounded, and actually parallel");
    }

    [Fact]
    public async Task AFailedDeleteIsCountedAndLeftForTheNextRun()
    {
        Due(10);
        _twilio.FailFor = RecordingSidOf(CallSidOf(4));

        var report = await Sweep(TimeSpan.FromMinutes(5));

        (report.RecordingsExpired, report.Errors, report.RecordingsLeft).ShouldBe((9, 1, 1));
    }

    [Fact]
    public async Task AnExpiryThatFaultsUnexpectedlyIsCountedAndTheOthersGoOn()
    {
        Due(10);
        _twilio.FaultFor = RecordingSidOf(CallSidOf(6));

        var report = await Sweep(TimeSpan.FromMinutes(5));

        (report.RecordingsExpired, report.Errors, report.RecordingsLeft).ShouldBe((9, 1, 1));
    }

    /// <summary>The sweep's scoped sender: each expiry through the real handler, as a fresh scope would build it.</summary>
    private sealed class ScopedExpiry(ApplyRetentionCommandHandlerTests test) : IScopedSender
    {
        public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken)
        {
            var expire = (ExpireRecordingCommand)(object)command;
            var unitOfWork = Substitute.For<IUnitOfWork>();
            unitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<ExpiryOutcome>>>(), Arg.Any<CancellationToken>())
                .Returns(ci => ci.Arg<Func<CancellationToken, Task<ExpiryOutcome>>>()(CancellationToken.None));
            unitOfWork.When(u => u.SaveChangesAsync(Arg.Any<CancellationToken>())).Do(_ =>
            {
                lock (test._due)
                {
                    test._due[expire.CallSid] = false;
                }
            });
            var handler = new ExpireRecordingCommandHandler(test._calls, unitOfWork, Substitute.For<IRecordingStore>(),
                Substitute.For<IRecordingPeaksStore>(), test._twilio, test._time, NullLogger<ExpireRecordingCommandHandler>.Instance);
            return (TResponse)(object)await handler.Handle(expire, cancellationToken);
        }
    }

    /// <summary>Twilio's REST API as far as deleting goes: counts the deletes running at once.</summary>
    private sealed class CountingTwilio : ITwilioRestApi
    {
        private int _running;
        private int _most;

        public System.Collections.Concurrent.ConcurrentQueue<string> Deleted { get; } = new();

        public Action? EachDeleteTakes { get; set; }

        public TimeSpan Hold { get; set; }

        public string? FailFor { get; set; }

        /// <summary>A recording whose delete throws what no handler expects (a bug, a malformed row).</summary>
        public string? FaultFor { get; set; }

        public int MostAtOnce => _most;

        public string AccountSid => TestData.AccountSid;

        public async Task<bool> DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _most, running);
            try
            {
                if (Hold > TimeSpan.Zero)
                {
                    await Task.Delay(Hold, cancellationToken);
                }

                EachDeleteTakes?.Invoke();
                if (recordingSid == FailFor)
                {
                    throw new TwilioApiException(503, "Twilio answered 503");
                }

                if (recordingSid == FaultFor)
                {
                    throw new InvalidOperationException("Not what a delete should ever throw.");
                }

                Deleted.Enqueue(recordingSid);
                return true;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public IAsyncEnumerable<IReadOnlyList<TwilioRecordingListing>> ListRecordingPagesAsync(
            DateTimeOffset createdAfter, DateTimeOffset createdBefore, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TwilioCallDetails?> FetchCallAsync(string callSid, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<TwilioCallDetails>> ListLegsAsync(string parentCallSid, CancellationToken cancellationToken) => throw new NotSupportedException();

        public string RecordingUrl(string recordingSid) => TwilioRecordingUrl;

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>Keeps the handler's log lines with their structured values.</summary>
    private sealed class RunLog : Microsoft.Extensions.Logging.ILogger<ApplyRetentionCommandHandler>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, Dictionary<string, object?> State)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                lock (Lines)
                {
                    Lines.Add((logLevel, values.ToDictionary(v => v.Key, v => v.Value)));
                }
            }
        }
    }
}
