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
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A database name unique to this run, so suites running at once never share one.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Environment.ProcessId}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 20)];

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
