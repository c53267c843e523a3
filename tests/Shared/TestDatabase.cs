using Npgsql;

namespace Recordings.Testing;

/// <summary>
/// A fresh database on the real PostgreSQL server that ./test.sh starts. The server's connection string comes from
/// RECORDINGS_TEST_PG; without it the test fails loudly (it never passes without a database).
/// </summary>
public static class TestDatabase
{
    public const string ServerVariable = "RECORDINGS_TEST_PG";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. These tests need a real PostgreSQL server: run ./test.sh, which starts one, " +
                $"or set {ServerVariable}=\"Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres\".");

    /// <summary>Drops (if left over) and creates a database with the given name; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string name)
    {
        await using (var connection = await OpenServerAsync())
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A database name unique to this run, so suites running at once never share one.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Environment.ProcessId}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 20)];

    /// <summary>
    /// Whether anyone (superusers included) may open a connection to the database: <c>false</c> makes every new
    /// connection fail as if the server were gone (existing sessions stay; see <see cref="CutOffAsync"/>).
    /// </summary>
    public static async Task AllowConnectionsAsync(string connectionString, bool allow)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = await OpenServerAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allow ? "true" : "false")}", connection);
        await alter.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A database outage as the app sees it: no new connection is allowed and every open one is ended by the server.
    /// </summary>
    public static async Task CutOffAsync(string connectionString)
    {
        await AllowConnectionsAsync(connectionString, allow: false);
        await using var connection = await OpenServerAsync();
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db", connection);
        terminate.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        await terminate.ExecuteScalarAsync();
    }

    /// <summary>The first column of the first row of a query on the database, on a connection of its own (no pool).</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenServerAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A connection to the server's maintenance database, outside every pool.</summary>
    public static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
