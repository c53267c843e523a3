using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Data.Search;
using Recordings.Infrastructure.IntegrationTests.Data;

namespace Recordings.Infrastructure.IntegrationTests.Data.Search;

/// <summary>The golden set's calls (golden-set.json) in a migrated database of their own, indexed by the backfill.</summary>
public sealed class SearchDatabase : IAsyncLifetime
{
    public static readonly Guid BusinessId = Guid.Parse("5ea4c400-0000-4000-8000-000000000001");

    public static readonly Guid OtherBusinessId = Guid.Parse("5ea4c400-0000-4000-8000-000000000002");

    public string ConnectionString { get; private set; } = string.Empty;

    public ServiceProvider Node { get; private set; } = null!;

    public GoldenSet Golden { get; } = GoldenSet.Load();

    public static string CallSidOf(string id) => "CA" + id.PadLeft(32, '0');

    public static string IdOf(string callSid) => callSid[2..].TrimStart('0');

    public static string RecordingSidOf(string id) => "RE" + id.PadLeft(32, '0');

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_search"));
        Node = DatabaseMigratorTests.Node(ConnectionString);
        await DatabaseMigrator.MigrateAsync(Node);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var business = new NpgsqlCommand(
            "INSERT INTO businesses (id, name, created_at) VALUES (@a, 'Golden', now()), (@b, 'Other', now())", connection))
        {
            business.Parameters.AddWithValue("a", BusinessId);
            business.Parameters.AddWithValue("b", OtherBusinessId);
            await business.ExecuteNonQueryAsync();
        }

        var started = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Golden.Calls.Count; i++)
        {
            var call = Golden.Calls[i];
            var segments = call.Segments.Select((text, n) => new { startSeconds = n * 5.0, endSeconds = n * 5.0 + 4.5, speaker = n % 2 == 0 ? "Customer" : "Agent", text, recordingSid = (string?)null });
            await InsertAsync(connection, CallSidOf(call.Id), BusinessId, call.From, call.To, JsonSerializer.Serialize(segments), started.AddMinutes(i));
        }

        // The same words in another business: never found for the golden one.
        await InsertAsync(connection, CallSidOf("x1"), OtherBusinessId, "+972521234567", "+97236001234",
            JsonSerializer.Serialize(new[] { new { startSeconds = 0.0, endSeconds = 1.0, speaker = "Agent", text = "הלקוח refund the charge" } }),
            started);

        // Indexed as a database migrated from before search is: by the backfill.
        var scopes = Node.GetRequiredService<IServiceScopeFactory>();
        while (await SearchDocumentBackfill.RunBatchAsync(scopes, CancellationToken.None) > 0)
        {
        }
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }

    public static async Task InsertAsync(
        NpgsqlConnection connection, string callSid, Guid businessId, string from, string to, string segmentsJson, DateTimeOffset startedAt)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO calls (call_sid, account_sid, business_id, "from", "to", direction, status, started_at, created_at, updated_at,
                transcript_state, summary_state, transcript_segments)
            VALUES (@sid, 'AC0123456789abcdef0123456789abcdef', @business, @from, @to, 'Inbound', 'Completed', @at, @at, @at,
                'Done', 'None', @segments::jsonb);
            INSERT INTO call_recordings (call_sid, recording_sid, position, transcribed, recording_url, state, completed_at)
            VALUES (@sid, @recording, 0, true, 'https://api.twilio.com/x', 'Ready', @at)
            """,
            connection);
        insert.Parameters.AddWithValue("sid", callSid);
        insert.Parameters.AddWithValue("business", businessId);
        insert.Parameters.AddWithValue("from", from);
        insert.Parameters.AddWithValue("to", to);
        insert.Parameters.AddWithValue("at", startedAt);
        insert.Parameters.AddWithValue("segments", segmentsJson);
        insert.Parameters.AddWithValue("recording", "RE" + callSid[2..]);
        await insert.ExecuteNonQueryAsync();
    }
}

public sealed record GoldenSet(IReadOnlyList<GoldenCall> Calls, IReadOnlyList<GoldenQuery> Queries)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static GoldenSet Load() => JsonSerializer.Deserialize<GoldenSet>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Search", "golden-set.json")), JsonOptions)!;
}

public sealed record GoldenCall(string Id, string From, string To, IReadOnlyList<string> Segments);

public sealed record GoldenQuery(string Lang, string Q, IReadOnlyList<string> Expect, string Why);
