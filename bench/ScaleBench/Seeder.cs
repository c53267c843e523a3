using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Recordings.Infrastructure.Data.Search;

namespace Recordings.Bench.Scale;

internal static class Seeder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The business's number (the scale bench's agent belongs to it).</summary>
    public const string BusinessNumber = "+97237654321";

    /// <summary>Distinct customers: each calls about ten times a year at a million calls.</summary>
    public const int Customers = 100_000;

    /// <summary>Customer <paramref name="i"/>'s mobile number: +97252000xxxx to +97252009xxxx.</summary>
    public static string CustomerNumber(int i) => "+9725" + (20_000_000 + i).ToString(CultureInfo.InvariantCulture);

    public static async Task SeedAsync(string connectionString, Guid businessId, string accountSid, long calls, long auditEntries, int templates,
        Guid adminId, Guid agentId, Guid supervisorId)
    {
        var clock = Stopwatch.StartNew();
        await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
        await using var connection = await data.OpenConnectionAsync();
        await Organisation.SeedAsync(connection, businessId, adminId, agentId, supervisorId);
        Console.WriteLine($"organisation: {Organisation.Agents} agents in {Organisation.Teams} teams, {Organisation.Teams} supervisors, "
            + $"{Organisation.Teams + 1} numbers in {clock.Elapsed.TotalSeconds:F1} s");
        await Exec(connection, """
            DROP TABLE IF EXISTS bench_templates;
            CREATE UNLOGGED TABLE bench_templates (idx int PRIMARY KEY, language text, text text, segments jsonb, document tsvector);
            DROP TABLE IF EXISTS bench_phones;
            CREATE UNLOGGED TABLE bench_phones (idx int PRIMARY KEY, number text, document tsvector);
            """);

        // The conversations, and their search documents as the product builds them.
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY bench_templates (idx, language, text, segments, document) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < templates; i++)
            {
                var number = CustomerNumber(i);
                var (hebrew, segments) = Transcripts.Make(i, number);
                await writer.StartRowAsync();
                await writer.WriteAsync(i, NpgsqlDbType.Integer);
                await writer.WriteAsync(hebrew ? "he" : "en", NpgsqlDbType.Text);
                await writer.WriteAsync(string.Join(' ', segments.Select(s => s.Text)), NpgsqlDbType.Text);
                await writer.WriteAsync(JsonSerializer.Serialize(segments, Json), NpgsqlDbType.Jsonb);
                await writer.WriteAsync(SearchDocument.Build(null, null, segments), NpgsqlDbType.TsVector);
            }

            await writer.CompleteAsync();
        }

        // The customers: each calls about ten times a year; their numbers' search entries as the product makes them (the
        // business's line on the call adds its own, bench_lines).
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_phones (idx, number, document) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Customers; i++)
            {
                var number = CustomerNumber(i);
                await writer.StartRowAsync();
                await writer.WriteAsync(i, NpgsqlDbType.Integer);
                await writer.WriteAsync(number, NpgsqlDbType.Text);
                await writer.WriteAsync(SearchDocument.Build(number, null, []), NpgsqlDbType.TsVector);
            }

            await writer.CompleteAsync();
        }

        Console.WriteLine($"templates: {templates} in {clock.Elapsed.TotalSeconds:F1} s");

        // The calls, in batches of 200,000 (one transaction each): a template's words, the call's own numbers. 90% are
        // attributed to one agent, the busy ones more often (bench_slots); 30% are on a team's number (the agent's team's
        // when it has one), the rest on the main number. An outbound call is from the business's line to the customer.
        const long batch = 200_000;
        for (long from = 0; from < calls; from += batch)
        {
            var to = Math.Min(calls, from + batch);
            await Exec(connection, $"""
                INSERT INTO calls (call_sid, account_sid, business_id, "from", "to", direction, status, started_at, duration_seconds,
                                   created_at, updated_at, transcript_state, summary_state, transcript_language, transcript_text,
                                   transcript_segments, summary_text, summary_provider, silence_seconds, has_audio_to_expire,
                                   agent_ids, search_document)
                SELECT 'CA' || lpad(to_hex(x.g), 32, '0'), @account, @business,
                       CASE WHEN x.outbound THEN l.number ELSE p.number END, CASE WHEN x.outbound THEN p.number ELSE l.number END,
                       CASE WHEN x.outbound THEN 'OutboundApi' ELSE 'Inbound' END, 'Completed',
                       now() - (x.g * (interval '365 days' / @calls)), 120 + x.g % 500,
                       now() - (x.g * (interval '365 days' / @calls)), now(), 'Done', 'Done', t.language, t.text,
                       t.segments, 'The customer asked about a double charge; the agent reversed it.', 'extractive',
                       round(((x.g * 7919) % 9000) / 100.0, 2), true,
                       CASE WHEN a.id IS NULL THEN ARRAY[]::uuid[] ELSE ARRAY[a.id] END, t.document || p.document || l.document
                FROM (SELECT g, g % 5 = 0 AS outbound, (hashint8(g)::bigint + 2147483648) % @slots AS slot,
                             (hashint8extended(g, 7) & 9223372036854775807) % 100 < @teamLinePercent AS on_team_line,
                             (hashint8extended(g, 11) & 9223372036854775807) % @teams AS any_team
                      FROM generate_series({from}::bigint, {to - 1}::bigint) AS g) AS x
                JOIN bench_templates AS t ON t.idx = x.g % @templates
                JOIN bench_phones AS p ON p.idx = x.g % @customers
                JOIN bench_slots AS s ON s.slot = x.slot
                LEFT JOIN bench_agents AS a ON a.rank = s.rank
                JOIN bench_lines AS l ON l.idx = CASE WHEN x.on_team_line THEN 1 + coalesce(a.team, x.any_team) ELSE 0 END;
                INSERT INTO call_recordings (recording_sid, call_sid, position, started_at, transcribed, recording_url, state,
                                             duration_seconds, channels, completed_at, bytes_downloaded, total_bytes, storage_key,
                                             stored_at, twilio_copy_deleted_at, silence_seconds, all_talk_seconds, overtalk_seconds,
                                             longest_monologue_seconds, longest_silence_seconds, analyzed_at, measured_duration_seconds)
                SELECT 'RE' || lpad(to_hex(g), 32, '0'), 'CA' || lpad(to_hex(g), 32, '0'), 0, now() - (g * (interval '365 days' / @calls)), true,
                       'https://api.twilio.com/2010-04-01/Accounts/' || @account || '/Recordings/RE' || lpad(to_hex(g), 32, '0'),
                       'Ready', 120 + g % 500, 1, now() - (g * (interval '365 days' / @calls)), 960000, 960000,
                       @business::text || '/RE' || lpad(to_hex(g), 32, '0') || '.mp3', now() - (g * (interval '365 days' / @calls)), now(),
                       round(((g * 7919) % 9000) / 100.0, 2), 100, 2, 30, 8, now(), 120 + g % 500
                FROM generate_series({from}::bigint, {to - 1}::bigint) AS g;
                """, ("business", businessId), ("calls", (double)calls), ("templates", (long)templates), ("customers", (long)Customers),
                ("account", accountSid), ("slots", (long)Organisation.Slots),
                ("teamLinePercent", (long)Organisation.TeamLinePercent), ("teams", (long)Organisation.Teams));
            Console.WriteLine($"calls: {to:N0} in {clock.Elapsed.TotalSeconds:F1} s");
        }

        // Audit entries: views and plays of the business's calls by 200 agents, over the same year.
        for (long from = 0; from < auditEntries; from += 1_000_000)
        {
            var to = Math.Min(auditEntries, from + 1_000_000);
            await Exec(connection, $"""
                INSERT INTO audit_entries (at, action, agent_email, business_id, call_sid, recording_sid, ip, user_agent)
                SELECT now() - (g * (interval '365 days' / @entries)), CASE WHEN g % 3 = 0 THEN 'Play' ELSE 'View' END,
                       'agent' || (g % 200) || '@bench.example', @business, 'CA' || lpad(to_hex(g % @calls), 32, '0'),
                       CASE WHEN g % 3 = 0 THEN 'RE' || lpad(to_hex(g % @calls), 32, '0') END, '10.0.0.' || (g % 250), 'Mozilla/5.0 (bench)'
                FROM generate_series({from}::bigint, {to - 1}::bigint) AS g;
                """, ("business", businessId), ("entries", (double)auditEntries), ("calls", calls));
            Console.WriteLine($"audit entries: {to:N0} in {clock.Elapsed.TotalSeconds:F1} s");
        }

        await Exec(connection, "DROP TABLE bench_templates; DROP TABLE bench_phones; DROP TABLE bench_agents; DROP TABLE bench_slots; DROP TABLE bench_lines;");
        foreach (var table in new[] { "calls", "call_recordings", "audit_entries", "agents", "teams", "team_members", "team_supervisors", "team_phone_numbers" })
        {
            await Exec(connection, $"VACUUM ANALYZE {table}");
        }

        // Seeded before the app's first request for the business's calls; announced all the same (a login may have read the chart).
        await Organisation.AnnounceAsync(connection, businessId);
        Console.WriteLine($"seeded {calls:N0} calls and {auditEntries:N0} audit entries in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task Exec(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
