using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// Brings the database to the latest migration at start-up. Several nodes may start at once: each takes the same
/// PostgreSQL advisory lock first, so one migrates while the others wait and then find nothing left to do. A database
/// that does not answer yet (a machine where PostgreSQL starts beside the app, a failover) is asked again through
/// <see cref="Retry"/>, each wait logged; when it never answers, <see cref="DatabaseUnreachableException"/> says so
/// and the node ends with exit code 1 instead of an unhandled exception.
/// </summary>
public static partial class DatabaseMigrator
{
    public const int MaxAttempts = 10;

    /// <summary>How an unreachable database is asked again: from 1 s, doubling, at most 10 s apart; about a minute in all.</summary>
    public static readonly BackgroundRetry Retry = new(
        "start-up-migration", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), MaxRetries: MaxAttempts - 1, Retries: IsUnreachable);

    /// <summary>
    /// Whether a failure says the database cannot be reached now: a connection refused, lost or timed out, a server
    /// starting up or shutting down, too many clients, a database not accepting connections (also as the cause of EF
    /// Core's own retries giving up). Worth asking again, unlike a refused password or a migration that fails
    /// (a full disk, a lock or a syntax error included: those are the migration's, not the connection's).
    /// </summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException { InnerException: { } cause } => IsUnreachable(cause),
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ObjectNotInPrerequisiteState,
        NpgsqlException npgsql => npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>The advisory lock key for schema changes (any fixed number that no other code uses).</summary>
    public const long MigrationLockKey = 0x5245_434F_5244;

    /// <summary>How long one migration command may run (an index over ten million calls takes minutes).</summary>
    public static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromHours(2);

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var retry = Retry.Build(services.GetService<TimeProvider>() ?? TimeProvider.System, args =>
        {
            LogWaiting(logger, args.AttemptNumber + 1, MaxAttempts, args.RetryDelay, args.Outcome.Exception!.Message);
            return ValueTask.CompletedTask;
        });
        try
        {
            await retry.ExecuteAsync(async ct => await MigrateOnceAsync(services, ct), cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, ex, MaxAttempts);
            throw new DatabaseUnreachableException($"The database did not answer in {MaxAttempts} attempts.", ex);
        }
    }

    private static async Task MigrateOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("ConnectionStrings:Recordings is not configured.");

        await EnsureDatabaseExistsAsync(connectionString, logger, cancellationToken);

        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // On a new database EF Core would first query the missing history table and log that failure as an
            // error (harmless, but alarming on a first run): create the table first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                var names = string.Join(", ", pending);
                LogMigrating(logger, pending.Count, names);
                // A migration may build an index over, or rewrite, a table of millions of calls: minutes, not the 30 s
                // of a request's command (which would roll it back, retry, and never finish).
                db.Database.SetCommandTimeout(MigrationCommandTimeout);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task EnsureDatabaseExistsAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? throw new InvalidOperationException("The connection string names no database.");
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            LogCreatedDatabase(logger, database);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it first (a race that PostgreSQL reports as a unique violation on pg_database).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database does not answer (attempt {Attempt} of {MaxAttempts}); asking again in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, int maxAttempts, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The database did not answer in {MaxAttempts} attempts over about a minute; the node stops. Check ConnectionStrings:Recordings and that PostgreSQL is up")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreatedDatabase(ILogger logger, string database);
}

/// <summary>The database never answered at start-up (<see cref="DatabaseMigrator"/>; already logged).</summary>
public sealed class DatabaseUnreachableException(string message, Exception innerException) : Exception(message, innerException);
