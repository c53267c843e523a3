using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Paging;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Data;

/// <summary>The calls list's keyset pages on a real PostgreSQL: every order walked by cursor equals the whole list in that order.</summary>
public sealed class CallReadRepositoryTests : IAsyncLifetime
{
    private static readonly Guid Business = Guid.Parse("0195a000-0000-7000-8000-0000000000c1");
    private static readonly Guid Other = Guid.Parse("0195a000-0000-7000-8000-0000000000c2");
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private ServiceProvider _node = null!;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_list"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand(
            """
            INSERT INTO businesses (id, name, created_at) VALUES (@b, 'Acme', now()), (@o, 'Globex', now());
            -- 40 calls: starts repeat (ties broken by the SID), a quarter not measured, silences repeat, a fifth outbound,
            -- some never started (listed by when they were first heard of); and calls of another business at the same times.
            INSERT INTO calls (call_sid, account_sid, business_id, direction, status, transcript_state, summary_state,
                               transcript_segments, started_at, created_at, updated_at, silence_seconds)
            SELECT 'CA' || lpad(to_hex(i), 32, '0'), 'AC' || repeat('0', 32), CASE WHEN i > 40 THEN @o ELSE @b END,
                   CASE WHEN i % 5 = 0 THEN 'OutboundApi' ELSE 'Inbound' END, 'Completed', 'None', 'None', '[]',
                   CASE WHEN i % 7 = 0 THEN NULL ELSE @start + ((i % 13) * interval '1 minute') END,
                   @start + ((i % 11) * interval '1 minute'), now(),
                   CASE WHEN i % 4 = 0 THEN NULL ELSE (i % 6) * 2.5 END
            FROM generate_series(1, 80) AS i;
            """, connection);
        seed.Parameters.AddWithValue("b", Business);
        seed.Parameters.AddWithValue("o", Other);
        seed.Parameters.AddWithValue("start", Start);
        await seed.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    public static TheoryData<CallListOrder, string?, string?, int?> Orders() => new()
    {
        { CallListOrder.Newest, null, null, null },
        { CallListOrder.Silence, null, null, null },
        { CallListOrder.Newest, "2026-11-01T08:03:00Z", null, null },
        { CallListOrder.Silence, null, null, 5 },
        { CallListOrder.Newest, null, "outbound", 3 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task WalkingByCursorGivesTheWholeListInItsOrderOnce(CallListOrder order, string? from, string? direction, int? minSilence)
    {
        var filter = new CallListFilter(
            from is null ? null : DateTimeOffset.Parse(from, CultureInfo.InvariantCulture),
            from is null ? null : DateTimeOffset.Parse(from, CultureInfo.InvariantCulture).AddMinutes(6),
            direction is null ? null : [CallDirection.OutboundApi], minSilence);
        var expected = await ExpectedAsync(order, filter);
        expected.Count.ShouldBeGreaterThan(3);

        var walked = new List<string>();
        CallListKey? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            await using var scope = _node.CreateAsyncScope();
            var calls = scope.ServiceProvider.GetRequiredService<ICallReadRepository>();
            var slice = await calls.ListAsync(Viewers.AdminOf(Business), null, order, filter, new PageRequest<CallListKey>(after, 0, 3), CancellationToken.None);
            walked.AddRange(slice.Items.Select(i => i.CallSid));
            if (slice.LastKey is null)
            {
                break;
            }

            after = slice.LastKey;
        }

        walked.ShouldBe(expected);
        await using var count = _node.CreateAsyncScope();
        (await count.ServiceProvider.GetRequiredService<ICallReadRepository>().CountAsync(Viewers.AdminOf(Business), null, filter, CancellationToken.None))
            .ShouldBe(new ListTotal(expected.Count, false));
    }

    [Fact]
    public async Task TheListIsServedByItsIndexesNotBySortingTheBusinesssCalls()
    {
        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        await db.Database.ExecuteSqlRawAsync("ANALYZE calls");
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        foreach (var (orderBy, index) in new[]
        {
            ("listed_at DESC, call_sid DESC", "ix_calls_list_newest"),
            ("silence_order DESC, listed_at DESC, call_sid DESC", "ix_calls_list_silence"),
        })
        {
            await using var explain = new NpgsqlCommand(
                $"SET enable_seqscan = off; EXPLAIN SELECT call_sid FROM calls WHERE business_id = @b ORDER BY {orderBy} LIMIT 25", connection);
            explain.Parameters.AddWithValue("b", Business);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            string.Join('\n', plan).ShouldContain(index);
            string.Join('\n', plan).ShouldNotContain("Sort");
        }
    }

    /// <summary>The list's order written plainly over every row (what the keyset pages must add up to).</summary>
    private async Task<List<string>> ExpectedAsync(CallListOrder order, CallListFilter filter)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var all = new NpgsqlCommand(
            "SELECT call_sid, coalesce(started_at, created_at), silence_seconds, direction FROM calls WHERE business_id = @b", connection);
        all.Parameters.AddWithValue("b", Business);
        var rows = new List<(string Sid, DateTimeOffset At, double? Silence, string Direction)>();
        await using (var reader = await all.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetString(3)));
            }
        }

        var kept = rows.Where(r => (filter.From is null || r.At >= filter.From) && (filter.To is null || r.At < filter.To)
            && (filter.Directions is null || r.Direction == "OutboundApi") && (filter.MinSilenceSeconds is null || r.Silence >= filter.MinSilenceSeconds));
        var ordered = order == CallListOrder.Silence
            ? kept.OrderByDescending(r => r.Silence ?? -1).ThenByDescending(r => r.At).ThenByDescending(r => r.Sid, StringComparer.Ordinal)
            : kept.OrderByDescending(r => r.At).ThenByDescending(r => r.Sid, StringComparer.Ordinal);
        return ordered.Select(r => r.Sid).ToList();
    }
}
