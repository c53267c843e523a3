using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Recordings.Application.Audit;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Audit;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Audit;

/// <summary>
/// The audit writer against the real database: an entry PostgreSQL refuses is set aside alone, and the entries queued
/// with it and after it are written.
/// </summary>
public sealed class PostgresAuditWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private string _connectionString = string.Empty;
    private ServiceProvider _node = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_audit"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    private static AuditEntry Entry(string callSid, string userAgent = "test") =>
        AuditEntry.Create(Start, AuditAction.View, "agent@acme.example", Guid.Empty, callSid, null, "127.0.0.1", userAgent);

    [Fact]
    public async Task AnEntryTheDatabaseRefusesIsSetAsideAndTheOthersAreWritten()
    {
        using var log = new BufferedAuditLog(new PostgresAuditStore(_connectionString),
            Options.Create(new AuditOptions()), TimeProvider.System, NullLogger<BufferedAuditLog>.Instance);

        // A lone surrogate: text PostgreSQL's UTF-8 encoder cannot take. Queued before the node starts, so that all
        // three are one batch.
        log.Append(Entry("CA00000000000000000000000000000001"));
        log.Append(Entry("CA0000000000000000000000000000000\uD83D"));
        log.Append(Entry("CA00000000000000000000000000000003"));
        await log.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => log.Written + log.SetAside >= 3, "the three queued entries to be written or set aside");
        log.Append(Entry("CA00000000000000000000000000000004"));
        await Eventually.TrueAsync(() => log.Written >= 3, "the entry queued after them to be written");
        await log.StopAsync(CancellationToken.None);

        log.SetAside.ShouldBe(1);
        (await CallSidsAsync()).ShouldBe(["CA00000000000000000000000000000001", "CA00000000000000000000000000000003",
            "CA00000000000000000000000000000004"]);
    }

    [Fact]
    public async Task AUserAgentCutAtItsLimitInsideAnEmojiIsStoredWithoutIt()
    {
        using var log = new BufferedAuditLog(new PostgresAuditStore(_connectionString),
            Options.Create(new AuditOptions()), TimeProvider.System, NullLogger<BufferedAuditLog>.Instance);
        var userAgent = new string('a', AuditEntry.MaxUserAgentLength - 1) + "\U0001F600";

        log.Append(Entry("CA00000000000000000000000000000001", userAgent));
        await log.StartAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        log.SetAside.ShouldBe(0);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT user_agent FROM audit_entries", connection);
        (await read.ExecuteScalarAsync()).ShouldBe(new string('a', AuditEntry.MaxUserAgentLength - 1));
    }

    private async Task<List<string>> CallSidsAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT call_sid FROM audit_entries ORDER BY call_sid", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var sids = new List<string>();
        while (await reader.ReadAsync())
        {
            sids.Add(reader.GetString(0));
        }

        return sids;
    }
}
