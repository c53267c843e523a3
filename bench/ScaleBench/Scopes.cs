using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Recordings.Bench.Scale;

/// <summary>
/// Times the calls list as the people of a 200-seat centre see it (issue 24: who sees which call): the busiest agent
/// under agentsSee own and team, the supervisor of that agent's team under own, and the admin filtering by one agent
/// (the busiest and the quietest) and by one team. Each: page 1 (with its total), 400 pages deep by cursor, the total
/// alone (page 1 of one row), a common and a rare search word.
/// </summary>
internal static class Scopes
{
    public static async Task RunAsync(Uri baseUrl, string connectionString, Guid businessId, int samples,
        string adminCookie, string agentCookie, string supervisorCookie)
    {
        await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
        await using var connection = await data.OpenConnectionAsync();
        var agentId = await IdAsync(connection, "SELECT id FROM agents WHERE business_id = @b AND display_name = @n", businessId, Organisation.AgentName(0));
        var quietId = await IdAsync(connection, "SELECT id FROM agents WHERE business_id = @b AND display_name = @n", businessId,
            Organisation.AgentName(Organisation.Agents - 1));
        var teamId = await IdAsync(connection, "SELECT id FROM teams WHERE business_id = @b AND name = @n", businessId, Organisation.TeamName(0));

        // The scopes' sizes, counted exactly (the list counts to 10,000 and estimates beyond).
        var own = await CountAsync(connection, "agent_ids && ARRAY[@a]", businessId, agentId);
        var quiet = await CountAsync(connection, "agent_ids && ARRAY[@a]", businessId, quietId);
        var team = await CountAsync(connection, """
            agent_ids && (SELECT array_agg(account_id) FROM team_members WHERE team_id = @a)
            OR line = ANY (SELECT number FROM team_phone_numbers WHERE team_id = @a)
            """, businessId, teamId);
        var all = await CountAsync(connection, "true", businessId, agentId);
        Console.WriteLine($"\nwho sees which call: {Organisation.Agents} agents in {Organisation.Teams} teams, {Organisation.Teams} supervisors; "
            + $"{all:N0} calls; the busiest agent's {own:N0} ({100.0 * own / Math.Max(all, 1):F2}%), the quietest's {quiet:N0}, "
            + $"team 0's {team:N0} ({100.0 * team / Math.Max(all, 1):F1}%)");

        using var admin = Client(baseUrl, adminCookie);
        using var agent = Client(baseUrl, agentCookie);
        using var supervisor = Client(baseUrl, supervisorCookie);

        Measure.PrintHeader();
        await SetAgentsSeeAsync(connection, businessId, "Own");
        await UntilAsync(agent, item => Agents(item).Contains(agentId), mustVary: false, "the agent sees only their own calls");
        await PhaseAsync("agent/own", agent, string.Empty, samples);

        await SetAgentsSeeAsync(connection, businessId, "Team");
        await UntilAsync(agent, item => Teams(item).Contains(teamId), mustVary: true, "the agent sees their team's calls");
        await PhaseAsync("agent/team", agent, string.Empty, samples);

        await SetAgentsSeeAsync(connection, businessId, "Own");
        await UntilAsync(supervisor, item => Teams(item).Contains(teamId), mustVary: false, "the supervisor sees their team's calls");
        await PhaseAsync("supervisor/own", supervisor, string.Empty, samples);

        await PhaseAsync("admin ?agentId=busiest", admin, $"&agentId={agentId}", samples);
        await PhaseAsync("admin ?agentId=quietest", admin, $"&agentId={quietId}", samples);
        await PhaseAsync("admin ?teamId", admin, $"&teamId={teamId}", samples);

        await SetAgentsSeeAsync(connection, businessId, "Business");
    }

    private static async Task PhaseAsync(string who, HttpClient client, string filter, int samples)
    {
        var list = "/api/calls?limit=25" + filter;
        var first = await Measure.GetAsync(client, list);

        // 400 pages deep by cursor (or as deep as the scope goes), as an agent paging on would get there.
        var cursor = first.GetProperty("nextCursor").GetString();
        var page = 1;
        string? deep = null;
        while (cursor is not null && page < 400)
        {
            deep = cursor;
            page++;
            cursor = (await Measure.GetAsync(client, $"{list}&cursor={Uri.EscapeDataString(cursor)}")).GetProperty("nextCursor").GetString();
        }

        var rare = Transcripts.RareWord(121, hebrew: true);
        await Measure.TimeAsync($"{who}: page 1 + total", client, list, samples);
        if (deep is not null)
        {
            await Measure.TimeAsync($"{who}: page {page} (cursor{(page < 400 ? ", last" : string.Empty)})", client,
                $"{list}&cursor={Uri.EscapeDataString(deep)}", samples);
        }

        // The total alone, near enough: page 1 of one row (its count, and the scope's newest call).
        await Measure.TimeAsync($"{who}: total (limit=1)", client, "/api/calls?limit=1" + filter, samples);
        await Measure.TimeAsync($"{who}: search לקוח (common)", client, $"{list}&q={Uri.EscapeDataString("לקוח")}", samples);
        await Measure.TimeAsync($"{who}: search {rare} (rare)", client, $"{list}&q={Uri.EscapeDataString(rare)}", samples);
    }

    /// <summary>Switches the business's agentsSee as an admin's change would, and announces it (every node forgets its org chart).</summary>
    private static async Task SetAgentsSeeAsync(NpgsqlConnection connection, Guid businessId, string setting)
    {
        await Organisation.Exec(connection, "UPDATE businesses SET agents_see = @s WHERE id = @b", ("s", setting), ("b", businessId));
        await Organisation.AnnounceAsync(connection, businessId);
    }

    /// <summary>Waits until the viewer's first page shows the new setting: every row passes <paramref name="sees"/> (and, when <paramref name="mustVary"/>, not all rows are the agent's own).</summary>
    private static async Task UntilAsync(HttpClient client, Func<JsonElement, bool> sees, bool mustVary, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            var items = (await Measure.GetAsync(client, "/api/calls?limit=25")).GetProperty("items").EnumerateArray().ToList();
            var agents = items.SelectMany(Agents).Distinct().Count();
            if (items.Count > 0 && items.All(sees) && (!mustVary || agents > 1))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"after 10 s, not yet: {what}");
    }

    private static IEnumerable<Guid> Agents(JsonElement item) => item.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("id").GetGuid());

    private static IEnumerable<Guid> Teams(JsonElement item) => item.GetProperty("teams").EnumerateArray().Select(a => a.GetProperty("id").GetGuid());

    private static HttpClient Client(Uri baseUrl, string cookie)
    {
        var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<Guid> IdAsync(NpgsqlConnection connection, string sql, Guid businessId, string name)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("b", businessId);
        command.Parameters.AddWithValue("n", name);
        return (Guid)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no {name}: was the business seeded?"));
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string condition, Guid businessId, Guid id)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM calls WHERE business_id = @b AND ({condition})", connection);
        command.Parameters.AddWithValue("b", businessId);
        command.Parameters.AddWithValue("a", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
