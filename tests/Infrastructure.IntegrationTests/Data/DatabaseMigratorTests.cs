using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Data;

public sealed class DatabaseMigratorTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() =>
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString)
        {
            Database = TestDatabase.UniqueName("recordings_migrate"),
        }.ConnectionString;

    public Task DisposeAsync() => TestDatabase.DropAsync(_connectionString);

    [Fact]
    public async Task NodesStartingAtOnceCreateTheDatabaseAndMigrateItExactlyOnce()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Node(_connectionString)).ToList();

        await Task.WhenAll(nodes.Select(node => DatabaseMigrator.MigrateAsync(node)));

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var history = new NpgsqlCommand("SELECT count(*), count(DISTINCT migration_id) FROM \"__EFMigrationsHistory\"", connection);
        await using var reader = await history.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetInt64(0).ShouldBeGreaterThan(0);
        reader.GetInt64(0).ShouldBe(reader.GetInt64(1), "each migration is recorded once");
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigratingAnUpToDateDatabaseChangesNothing()
    {
        await using var node = Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(node);

        await DatabaseMigrator.MigrateAsync(node);

        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheLockIsReleasedAfterMigrating()
    {
        await using var node = Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(node);

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        tryLock.Parameters.AddWithValue("key", DatabaseMigrator.MigrationLockKey);
        ((bool)(await tryLock.ExecuteScalarAsync())!).ShouldBeTrue();
    }

    [Fact]
    public async Task MigratingANewDatabaseLogsNoError()
    {
        var errors = new ErrorCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(errors));
        await using var node = Node(_connectionString, loggerFactory);

        await DatabaseMigrator.MigrateAsync(node);

        errors.Messages.ShouldBeEmpty();
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ADatabaseNotAcceptingConnectionsYetIsAskedAgainOnTheClockUntilItDoes()
    {
        await TestDatabase.CreateAsync(new NpgsqlConnectionStringBuilder(_connectionString).Database!);
        await TestDatabase.AllowConnectionsAsync(_connectionString, allow: false);
        var time = new ObservedFakeTimeProvider();
        await using var node = Node(_connectionString, time: time);

        var migrating = DatabaseMigrator.MigrateAsync(node);
        var wait = await time.NextTimerAsync(_ => true);
        migrating.IsCompleted.ShouldBeFalse();
        await TestDatabase.AllowConnectionsAsync(_connectionString, allow: true);
        time.Advance(wait);

        await migrating.WaitAsync(JobsTestNode.Patience);
        time.TimerCount.ShouldBe(1, "one wait, then it answered");
        wait.ShouldBeInRange(TimeSpan.Zero, DatabaseMigrator.Retry.MaxDelay);
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ADatabaseThatNeverAnswersIsGivenUpAfterTenAttemptsAndSaysSo()
    {
        // Nothing listens on this port: every attempt is refused at once, and only the clock's waits are between them.
        var nowhere = new NpgsqlConnectionStringBuilder(_connectionString) { Port = LoopbackPort.Free() }.ConnectionString;
        var time = new ObservedFakeTimeProvider();
        var errors = new ErrorCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(errors));
        await using var node = Node(nowhere, loggerFactory, time: time);

        var migrating = DatabaseMigrator.MigrateAsync(node);
        for (var retry = 0; retry < DatabaseMigrator.MaxAttempts - 1; retry++)
        {
            time.Advance(await time.NextTimerAsync(_ => true, alreadyCreated: retry));
        }

        var ex = await Should.ThrowAsync<DatabaseUnreachableException>(() => migrating.WaitAsync(JobsTestNode.Patience));
        ex.InnerException.ShouldBeAssignableTo<NpgsqlException>();
        time.TimerCount.ShouldBe(DatabaseMigrator.MaxAttempts - 1);
        errors.Messages.ShouldHaveSingleItem().ShouldContain("did not answer in 10 attempts");
    }

    [Theory]
    [InlineData("57P03", true)] // the server is starting up
    [InlineData("57P01", true)] // the server is shutting down (an administrator's command)
    [InlineData("55000", true)] // the database does not accept connections now
    [InlineData("53300", true)] // too many clients
    [InlineData("08006", true)] // a connection failure the server reports
    [InlineData("28P01", false)] // a wrong password: asking again changes nothing
    [InlineData("42601", false)] // a failed migration's syntax error
    [InlineData("53100", false)] // a full disk: the migration's, not the connection's (Npgsql calls it transient)
    [InlineData("55P03", false)] // a lock not available (Npgsql calls it transient)
    [InlineData("40P01", false)] // a deadlock (Npgsql calls it transient)
    public void OnlyAnUnreachableDatabaseIsAskedAgain(string sqlState, bool retried) =>
        DatabaseMigrator.IsUnreachable(new PostgresException("message", "FATAL", "FATAL", sqlState)).ShouldBe(retried);

    [Fact]
    public void ARefusedLostOrTimedOutConnectionIsUnreachableAlsoInsideEfCoresRetriesAndAnythingElseIsNot()
    {
        var refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
        DatabaseMigrator.IsUnreachable(refused).ShouldBeTrue();
        DatabaseMigrator.IsUnreachable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).ShouldBeTrue();
        DatabaseMigrator.IsUnreachable(new NpgsqlException("Timeout", new TimeoutException())).ShouldBeTrue();
        DatabaseMigrator.IsUnreachable(new Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException("gave up", refused)).ShouldBeTrue();
        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", "42601");
        DatabaseMigrator.IsUnreachable(new Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException("gave up", syntax)).ShouldBeFalse();
        DatabaseMigrator.IsUnreachable(new NpgsqlException("no cause")).ShouldBeFalse();
        DatabaseMigrator.IsUnreachable(new InvalidOperationException("a bug")).ShouldBeFalse();
    }

    /// <summary>One app node's services, as Program.cs builds them.</summary>
    [Fact]
    public async Task ACallsRecordingMovesToItsOwnRowWithItsTranscript()
    {
        await using var node = Node(_connectionString);
        await using (var scope = node.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("20261201101205_ReconciliationRuns");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO calls (call_sid, account_sid, direction, status, created_at, updated_at, transcript_state, summary_state,
                    transcript_text, recording_recording_sid, recording_recording_url, recording_state, recording_total_bytes,
                    recording_content_sha256, recording_storage_key)
                VALUES ('CA0123456789abcdef0123456789abcdef', 'AC0123456789abcdef0123456789abcdef', 'Inbound', 'Completed', now(), now(),
                    'Done', 'Done', 'hello there', 'RE0123456789abcdef0123456789abcdef', 'https://api.twilio.com/x', 'Ready', 1000,
                    'ab', 'CA0123456789abcdef0123456789abcdef.mp3'),
                    ('CAffffffffffffffffffffffffffffffff', 'AC0123456789abcdef0123456789abcdef', 'Inbound', 'Completed', now(), now(),
                    'None', 'None', NULL, NULL, NULL, 'Missing', NULL, NULL, NULL);
                """);
        }

        await DatabaseMigrator.MigrateAsync(node);

        await using (var scope = node.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
            var withRecording = await db.Calls.AsNoTracking().SingleAsync(c => c.CallSid == "CA0123456789abcdef0123456789abcdef");
            var recording = withRecording.Recordings.ShouldHaveSingleItem();
            (recording.RecordingSid, recording.State, recording.TotalBytes, recording.StorageKey, recording.Transcribed, recording.TranscriptText)
                .ShouldBe(("RE0123456789abcdef0123456789abcdef", Domain.Calls.RecordingState.Ready, 1000L, "CA0123456789abcdef0123456789abcdef.mp3", true, "hello there"));
            (await db.Calls.AsNoTracking().SingleAsync(c => c.CallSid == "CAffffffffffffffffffffffffffffffff")).Recordings.ShouldBeEmpty();
        }
    }

    internal static ServiceProvider Node(
        string connectionString, ILoggerFactory? loggerFactory = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = connectionString,
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        if (loggerFactory is null)
        {
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        }
        else
        {
            services.AddSingleton(loggerFactory);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        }
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddInfrastructure(configuration);
        return services.BuildServiceProvider();
    }
}

/// <summary>Keeps every log entry of level Error or above.</summary>
internal sealed class ErrorCollector : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(ErrorCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._messages.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
