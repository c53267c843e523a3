using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recordings.Infrastructure.Data;
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

    /// <summary>One app node's services, as Program.cs builds them.</summary>
    internal static ServiceProvider Node(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = connectionString,
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        }).Build();
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
