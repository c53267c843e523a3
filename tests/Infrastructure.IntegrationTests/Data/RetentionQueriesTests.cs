using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The sweeps' queries on a real PostgreSQL: retention's keyset pages over the calls with something left to expire
/// (the flag the unit of work keeps, the partial indexes), and reconciliation's one-query check of a listed page.
/// </summary>
public sealed class RetentionQueriesTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private ServiceProvider _node = null!;
    private string _connectionString = string.Empty;
    private Guid _businessId;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_sweeps"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var business = Business.Create("Sweeps", [PhoneNumber.Parse("+15551230001")], Now);
        db.Businesses.Add(business);
        await db.SaveChangesAsync();
        _businessId = business.Id;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    private static string CallSid(int i) => $"CA{i:x32}";

    private static string RecordingSid(int i) => $"RE{i:x32}";

    /// <summary>Calls of the business that started <paramref name="daysAgo"/> days ago, i minutes apart, each with a recording at Twilio.</summary>
    private async Task SeedAsync(int count, int daysAgo, int from = 0)
    {
        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        for (var i = from; i < from + count; i++)
        {
            var started = Now.AddDays(-daysAgo).AddMinutes(i);
            var call = CallLog.Create(CallSid(i), AccountSid, started);
            call.ApplyStatus(new CallStatusReport("+15550000001", "+15551230001", CallDirection.Inbound, CallStatus.Completed, 31, started), _businessId, started);
            call.AttachRecording(RecordingSid(i), $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid(i)}", 31, 1, started);
            db.Calls.Add(call);
        }

        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync($"UPDATE calls SET started_at = created_at WHERE started_at IS NULL");
    }

    private async Task<T> WithCallsAsync<T>(Func<ICallRepository, Task<T>> read)
    {
        await using var scope = _node.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ICallRepository>());
    }

    [Fact]
    public async Task PagesFollowTheKeysetOldestFirstAndStopAtTheCutoff()
    {
        await SeedAsync(25, daysAgo: 30);
        await SeedAsync(5, daysAgo: 1, from: 100);
        var cutoff = Now.AddDays(-7);

        var seen = new List<string>();
        RetentionKey? after = null;
        while (true)
        {
            var page = await WithCallsAsync(calls => calls.ListRecordingsToExpireAsync(_businessId, cutoff, after, 10, CancellationToken.None));
            if (page.Count == 0)
            {
                break;
            }

            page.Count.ShouldBeLessThanOrEqualTo(10);
            seen.AddRange(page.Select(r => r.RecordingSid));
            after = page[^1].Key;
        }

        seen.ShouldBe(Enumerable.Range(0, 25).Select(RecordingSid), "every old recording once, oldest first; none of the recent ones");
        (await WithCallsAsync(calls => calls.CountRecordingsToExpireAsync(_businessId, cutoff, CancellationToken.None))).ShouldBe(25);
        (await WithCallsAsync(calls => calls.ListRecordingsToExpireAsync(Guid.NewGuid(), cutoff, null, 10, CancellationToken.None))).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnExpiredCallLeavesTheIndexAndTheCountSoTheNextRunDoesNotReadItAgain()
    {
        await SeedAsync(3, daysAgo: 30);
        var cutoff = Now.AddDays(-7);
        await using (var scope = _node.CreateAsyncScope())
        {
            var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            (await unitOfWork.UpdateCallAsync(calls, CallSid(0), call => call.ExpireRecording(RecordingSid(0), _time.GetUtcNow()), CancellationToken.None)).ShouldBeTrue();
        }

        var page = await WithCallsAsync(calls => calls.ListRecordingsToExpireAsync(_businessId, cutoff, null, 10, CancellationToken.None));

        page.Select(r => r.RecordingSid).ShouldBe([RecordingSid(1), RecordingSid(2)]);
        (await WithCallsAsync(calls => calls.CountRecordingsToExpireAsync(_businessId, cutoff, CancellationToken.None))).ShouldBe(2);
        await using var check = _node.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var flags = await db.Database.SqlQueryRaw<bool>("SELECT has_audio_to_expire AS \"Value\" FROM calls ORDER BY call_sid").ToListAsync();
        flags.ShouldBe([false, true, true], "the unit of work keeps the flag on every save");
    }

    [Fact]
    public async Task TheRepositoryAsksForTheNextPageByARowComparisonOnTheIndexedColumns()
    {
        var commands = new CommandLog();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(commands).SetMinimumLevel(LogLevel.Information));
        await using var node = DatabaseMigratorTests.Node(_connectionString, loggers);
        await using var scope = node.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<ICallRepository>().ListRecordingsToExpireAsync(
            _businessId, Now, new RetentionKey(Now.AddDays(-40), CallSid(1)), 200, CancellationToken.None);

        var sql = commands.Sql.ShouldHaveSingleItem("one statement per page");
        sql.ShouldContain("c.has_audio_to_expire");
        sql.ShouldContain("(c.listed_at, c.call_sid) > (@");
        sql.ShouldContain("ORDER BY c.listed_at, c.call_sid");
        sql.ShouldNotContain("OFFSET");
    }

    [Fact]
    public async Task TheRetentionQueryIsServedByThePartialIndex()
    {
        // A business's history: most of it expired already (its calls are out of the partial index).
        await SeedAsync(2_000, daysAgo: 30);
        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE calls SET has_audio_to_expire = false WHERE call_sid < 'CA000000000000000000000000000005dc';
            ANALYZE calls; ANALYZE call_recordings;
            """);

        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new Npgsql.NpgsqlCommand($"""
            EXPLAIN SELECT call_sid FROM calls
            WHERE business_id = '{_businessId}' AND has_audio_to_expire AND listed_at < now()
              AND (listed_at, call_sid) > ('2026-01-01'::timestamptz, 'CA'::varchar)
            ORDER BY listed_at, call_sid LIMIT 200
            """, connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        text.Contains("ix_calls_audio_to_expire", StringComparison.Ordinal).ShouldBeTrue(text);
        text.Contains("Sort", StringComparison.Ordinal).ShouldBeFalse("the index gives the order:\n" + text);
    }

    [Fact]
    public async Task AListedPageIsCheckedInOneQueryAndAMissingRecordingIsNotKnown()
    {
        await SeedAsync(3, daysAgo: 1);
        await using (var scope = _node.CreateAsyncScope())
        {
            var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            await unitOfWork.UpdateCallAsync(calls, CallSid(2), call => call.MarkRecordingAbsent(RecordingSid(2), "absent", _time.GetUtcNow()), CancellationToken.None);
        }

        var known = await WithCallsAsync(calls => calls.FindKnownRecordingSidsAsync(
            [RecordingSid(0), RecordingSid(1), RecordingSid(2), RecordingSid(99)], CancellationToken.None));

        known.OrderBy(s => s, StringComparer.Ordinal).ShouldBe([RecordingSid(0), RecordingSid(1)]);
        (await WithCallsAsync(calls => calls.FindKnownRecordingSidsAsync([], CancellationToken.None))).ShouldBeEmpty();
    }

    /// <summary>Keeps the SQL of EF Core's executed commands.</summary>
    private sealed class CommandLog : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Sql { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "Microsoft.EntityFrameworkCore.Database.Command" ? Sql : null);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string>? sql) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => sql is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (sql is not null && eventId.Name == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted")
                {
                    sql.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
