using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Recordings.Bench.Scale;

/// <summary>
/// The people of the scale bench's business, shaped like a 200-seat call centre: 200 agents in 10 teams of 20, 10
/// supervisors each supervising one team, the business's own number and one number per team, and an admin (the
/// account the bench has always logged in with). Who takes how many calls is skewed (<see cref="Weight"/>): the busiest
/// agent takes about six times the calls of the quietest.
/// </summary>
/// <remarks>
/// Three accounts log in, so they are made by the operator API (scale.sh): the admin, one agent (rank 0, the busiest,
/// in team 0) and one supervisor (of team 0). The rest are rows written here, as the product would write them but
/// without a password: nobody logs in with them. The calls are attributed by <see cref="Seeder"/> through the tables
/// this writes (<c>bench_agents</c>, <c>bench_slots</c>, <c>bench_lines</c>), dropped once the calls are in.
/// </remarks>
internal static class Organisation
{
    public const int Teams = 10;
    public const int AgentsPerTeam = 20;
    public const int Agents = Teams * AgentsPerTeam;

    /// <summary>Out of <see cref="Slots"/>: the share of calls attributed to one agent (the rest have no agent).</summary>
    public const int AttributedSlots = 9_000;

    public const int Slots = 10_000;

    /// <summary>Percent of calls on a team's number (the rest on the business's main number).</summary>
    public const int TeamLinePercent = 30;

    /// <summary>The display names the bench finds its accounts and teams by.</summary>
    public static string AgentName(int rank) => "Agent " + rank.ToString("D3", CultureInfo.InvariantCulture);

    public static string SupervisorName(int team) => "Supervisor " + team.ToString(CultureInfo.InvariantCulture);

    public static string TeamName(int team) => "Team " + team.ToString(CultureInfo.InvariantCulture);

    /// <summary>Team <paramref name="team"/>'s number (+97237655000 to +97237655009), one of the business's numbers.</summary>
    public static string TeamNumber(int team) => "+9723765500" + team.ToString(CultureInfo.InvariantCulture);

    /// <summary>Agent of rank <paramref name="rank"/> is in team rank % 10: every team has busy and quiet agents.</summary>
    public static int TeamOf(int rank) => rank % Teams;

    /// <summary>How many calls the agent of rank <paramref name="rank"/> takes, relatively: 1/(rank + 40), 6:1 from the busiest to the quietest.</summary>
    private static double Weight(int rank) => 1.0 / (rank + 40);

    /// <summary>The share of the attributed calls the agent of rank <paramref name="rank"/> takes.</summary>
    public static double Share(int rank) => Weight(rank) / Enumerable.Range(0, Agents).Sum(Weight);

    public static async Task SeedAsync(NpgsqlConnection connection, Guid businessId, Guid adminId, Guid agentId, Guid supervisorId)
    {
        await Exec(connection, """
            DROP TABLE IF EXISTS bench_agents;
            CREATE UNLOGGED TABLE bench_agents (rank int PRIMARY KEY, id uuid NOT NULL, team int NOT NULL);
            DROP TABLE IF EXISTS bench_slots;
            CREATE UNLOGGED TABLE bench_slots (slot int PRIMARY KEY, rank int);
            DROP TABLE IF EXISTS bench_lines;
            CREATE UNLOGGED TABLE bench_lines (idx int PRIMARY KEY, number text NOT NULL, document tsvector NOT NULL);

            UPDATE agents SET role = 'Admin' WHERE id = @admin AND business_id = @business;
            UPDATE agents SET role = 'Agent', display_name = @agentName WHERE id = @agent AND business_id = @business;
            UPDATE agents SET role = 'Supervisor', display_name = @supervisorName WHERE id = @supervisor AND business_id = @business;

            -- The other 199 agents and 9 supervisors (ids derived from the business, so that a rerun names the same ones).
            INSERT INTO bench_agents (rank, id, team) VALUES (0, @agent, 0);
            INSERT INTO bench_agents (rank, id, team)
            SELECT r, md5(@business::text || '/agent/' || r)::uuid, r % @teams FROM generate_series(1, @agents - 1) AS r;
            INSERT INTO agents (id, business_id, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                                security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                                access_failed_count, display_name, role, created_at)
            SELECT a.id, @business, e.email, upper(e.email), e.email, upper(e.email), true, upper(replace(gen_random_uuid()::text, '-', '')),
                   gen_random_uuid()::text, false, false, true, 0, a.name, a.role, now()
            FROM (SELECT id, 'Agent ' || lpad(rank::text, 3, '0') AS name, 'Agent' AS role, 'agent' || rank AS local
                  FROM bench_agents WHERE rank > 0
                  UNION ALL
                  SELECT md5(@business::text || '/supervisor/' || t)::uuid, 'Supervisor ' || t, 'Supervisor', 'supervisor' || t
                  FROM generate_series(1, @teams - 1) AS t) AS a
            CROSS JOIN LATERAL (SELECT a.local || '@scale-bench.example' AS email) AS e;

            INSERT INTO teams (id, business_id, name, created_at)
            SELECT md5(@business::text || '/team/' || t)::uuid, @business, 'Team ' || t, now() FROM generate_series(0, @teams - 1) AS t;
            INSERT INTO team_members (team_id, account_id)
            SELECT md5(@business::text || '/team/' || team)::uuid, id FROM bench_agents;
            INSERT INTO team_supervisors (team_id, account_id)
            SELECT md5(@business::text || '/team/' || t)::uuid,
                   CASE WHEN t = 0 THEN @supervisor ELSE md5(@business::text || '/supervisor/' || t)::uuid END
            FROM generate_series(0, @teams - 1) AS t;
            INSERT INTO business_phone_numbers (number, business_id)
            SELECT '+9723765500' || t, @business FROM generate_series(0, @teams - 1) AS t;
            INSERT INTO team_phone_numbers (number, team_id)
            SELECT '+9723765500' || t, md5(@business::text || '/team/' || t)::uuid FROM generate_series(0, @teams - 1) AS t;

            -- Who the accounts are on calls (a Voice SDK client each), as the product attributes calls by.
            INSERT INTO account_identities (business_id, identity, account_id)
            SELECT @business, 'client:' || split_part(email, '@', 1) || '-' || left(id::text, 8), id
            FROM agents WHERE business_id = @business;
            """,
            ("business", businessId), ("admin", adminId), ("agent", agentId), ("supervisor", supervisorId),
            ("agentName", AgentName(0)), ("supervisorName", SupervisorName(0)), ("teams", Teams), ("agents", Agents));

        // A call's agent: slot (a hash of the call) -> rank, each rank given slots in proportion to its weight.
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_slots (slot, rank) FROM STDIN (FORMAT BINARY)"))
        {
            var rank = 0;
            var upTo = Share(0);
            for (var slot = 0; slot < Slots; slot++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(slot, NpgsqlDbType.Integer);
                if (slot < AttributedSlots)
                {
                    while ((slot + 0.5) / AttributedSlots > upTo && rank < Agents - 1)
                    {
                        upTo += Share(++rank);
                    }

                    await writer.WriteAsync(rank, NpgsqlDbType.Integer);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
            }

            await writer.CompleteAsync();
        }

        // The business's lines, and what a search finds on a call by them (the product indexes both parties' numbers).
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_lines (idx, number, document) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i <= Teams; i++)
            {
                var number = i == 0 ? Seeder.BusinessNumber : TeamNumber(i - 1);
                await writer.StartRowAsync();
                await writer.WriteAsync(i, NpgsqlDbType.Integer);
                await writer.WriteAsync(number, NpgsqlDbType.Text);
                await writer.WriteAsync(Recordings.Infrastructure.Data.Search.SearchDocument.Build(null, number, []), NpgsqlDbType.TsVector);
            }

            await writer.CompleteAsync();
        }
    }

    /// <summary>Every node forgets the business's org chart (what the product announces on a change of its people).</summary>
    public static Task AnnounceAsync(NpgsqlConnection connection, Guid businessId) =>
        Exec(connection, "SELECT pg_notify('organisation_changed', @key)", ("key", businessId.ToString("N")));

    public static async Task Exec(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
