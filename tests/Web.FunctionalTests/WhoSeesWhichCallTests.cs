using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The one rule of who sees which call, table-driven over every endpoint that reaches a call: for each business setting
/// (agentsSee), each role (agent, supervisor, admin), and each relation of the viewer to a call (their own, a colleague's
/// in their team, a call on their team's line, a call of a team they supervise, another team's, an unattributed call,
/// another business's), each endpoint (list, search, total, detail, file GET and HEAD, prepare, status, peaks) either
/// shows the call or answers exactly as for a call that does not exist. Calls are attributed the way Twilio reports them:
/// the business's call, then the leg dialled through to the agent's <c>client:</c> identity (<c>ParentCallSid</c>).
/// </summary>
public sealed class WhoSeesWhichCallTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string TeamOneLine = "+15553000001";
    private const string TeamTwoLine = "+15553000002";
    private const string MainLine = "+15553000003";
    private const string OtherBusinessLine = "+15553000009";

    /// <summary>The calls of the scenario, by their relation to the agent a1 (in team one) and the supervisor s1 (of team one).</summary>
    private enum Call
    {
        A1Own,              // taken by a1 (team one)
        A2TeamOne,          // taken by a2, a1's colleague in team one
        TeamOneLine,        // nobody's, on team one's number
        A3TeamTwo,          // taken by a3 (team two)
        S1Own,              // taken by the supervisor s1 (in no team)
        Unattributed,       // nobody's, on the business's main number
        OtherBusiness,      // another business's, taken by its agent
    }

    private enum Role
    {
        Agent,
        Supervisor,
        Admin,
    }

    /// <summary>Which calls each role sees under each setting: the rule as the contract states it, written out by hand.</summary>
    private static readonly Dictionary<(string Setting, Role Role), Call[]> Sees = new()
    {
        [("own", Role.Agent)] = [Call.A1Own],
        [("team", Role.Agent)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine],
        [("business", Role.Agent)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine, Call.A3TeamTwo, Call.S1Own, Call.Unattributed],
        [("own", Role.Supervisor)] = [Call.S1Own, Call.A1Own, Call.A2TeamOne, Call.TeamOneLine],
        [("team", Role.Supervisor)] = [Call.S1Own, Call.A1Own, Call.A2TeamOne, Call.TeamOneLine],
        [("business", Role.Supervisor)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine, Call.A3TeamTwo, Call.S1Own, Call.Unattributed],
        [("own", Role.Admin)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine, Call.A3TeamTwo, Call.S1Own, Call.Unattributed],
        [("team", Role.Admin)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine, Call.A3TeamTwo, Call.S1Own, Call.Unattributed],
        [("business", Role.Admin)] = [Call.A1Own, Call.A2TeamOne, Call.TeamOneLine, Call.A3TeamTwo, Call.S1Own, Call.Unattributed],
    };

    private static readonly string[] Endpoints = ["list", "search", "total", "detail", "file GET", "file HEAD", "prepare", "status", "peaks"];

    /// <summary>How many cases the matrix checks: settings x roles x calls x endpoints.</summary>
    public const int Cases = 3 * 3 * 7 * 9;

    [Theory]
    [InlineData("own")]
    [InlineData("team")]
    [InlineData("business")]
    public async Task EachRoleSeesExactlyTheCallsTheRuleGivesItOnEveryEndpoint(string setting)
    {
        var world = await SeedAsync(setting);
        var failures = new List<string>();
        var checkedCases = 0;
        foreach (var role in Enum.GetValues<Role>())
        {
            var browser = world.Browsers[role];
            var listed = await ListedAsync(browser, "/api/calls?limit=100");
            foreach (var call in Enum.GetValues<Call>())
            {
                var sid = world.Calls[call];
                var visible = Sees[(setting, role)].Contains(call);
                foreach (var endpoint in Endpoints)
                {
                    checkedCases++;
                    var (ok, seen) = endpoint switch
                    {
                        "list" => (listed.Contains(sid) == visible, $"listed: {listed.Contains(sid)}"),
                        _ => await CheckAsync(browser, endpoint, sid, world.Customers[call], visible),
                    };
                    if (!ok)
                    {
                        failures.Add($"{setting} / {role} / {call} / {endpoint}: expected {(visible ? "visible" : "not found")}, got {seen}");
                    }
                }
            }

            // The list's total counts what the role sees, not the business's calls.
            var total = (await (await browser.GetAsync("/api/calls?limit=1")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32();
            if (total != Sees[(setting, role)].Length)
            {
                failures.Add($"{setting} / {role} / total of the list: expected {Sees[(setting, role)].Length}, got {total}");
            }
        }

        checkedCases.ShouldBe(Cases / 3);
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task ACallOnesRoleMayNotSeeIsAnsweredByteForByteLikeACallThatDoesNotExist()
    {
        var world = await SeedAsync("own");
        var agent = world.Browsers[Role.Agent];
        var hidden = world.Calls[Call.A2TeamOne];
        var absent = "CA" + Guid.NewGuid().ToString("N");

        foreach (var path in new[] { "/api/calls/{0}", "/api/recordings/file/{0}", "/api/recordings/{0}", "/api/recordings/{0}/peaks" })
        {
            var forHidden = await agent.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, hidden));
            var forAbsent = await agent.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, absent));
            forHidden.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            forAbsent.StatusCode.ShouldBe(forHidden.StatusCode, path);
            Comparable(await forHidden.Content.ReadAsStringAsync()).ShouldBe(Comparable(await forAbsent.Content.ReadAsStringAsync()), path);
        }
    }

    [Fact]
    public async Task AReadyRecordingTheNodeRemembersIsStillHiddenFromAnAgentWhoMayNotSeeIt()
    {
        var world = await SeedAsync("own");
        var sid = world.Calls[Call.A2TeamOne];

        // The admin plays it to the end: the node now remembers where the file is.
        var admin = world.Browsers[Role.Admin];
        await Eventually.TrueAsync(async () =>
        {
            using var played = await admin.GetAsync($"/api/recordings/file/{sid}");
            return played.StatusCode == HttpStatusCode.OK;
        }, "the admin's play of the recording");

        using var agentRead = await world.Browsers[Role.Agent].GetAsync($"/api/recordings/file/{sid}");
        using var agentRange = await world.Browsers[Role.Agent].SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/file/{sid}")
        {
            Headers = { Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0) },
        });

        agentRead.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        agentRange.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await world.Browsers[Role.Supervisor].GetAsync($"/api/recordings/file/{sid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AChangeOfTeamTakesEffectOnTheVeryNextRequest()
    {
        var world = await SeedAsync("team");
        var agent = world.Browsers[Role.Agent];
        (await agent.GetAsync($"/api/calls/{world.Calls[Call.A2TeamOne]}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // a1 leaves team one (as the admin screens do it: the change and its announcement in one transaction).
        await Factory.QueryAsync<int>($"""
            WITH gone AS (DELETE FROM team_members WHERE account_id = '{world.Accounts["a1"]}' RETURNING 1)
            SELECT count(*)::int FROM gone, pg_notify('organisation_changed', '{world.Business:N}')
            """);

        await Eventually.TrueAsync(async () => (await agent.GetAsync($"/api/calls/{world.Calls[Call.A2TeamOne]}")).StatusCode == HttpStatusCode.NotFound,
            "the node to forget the org chart it remembered");
        (await agent.GetAsync($"/api/calls/{world.Calls[Call.A1Own]}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnIdentityOfAnotherBusinessNeverAttributesACall()
    {
        var world = await SeedAsync("business");

        // The other business's agent has the identity client:b1; a call of this business dialled through to client:b1.
        var sid = await CallAsync(MainLine, "+972500000077", "client:b1");

        var detail = await (await world.Browsers[Role.Admin].GetAsync($"/api/calls/{sid}")).Content.ReadFromJsonAsync<JsonElement>();
        detail.GetProperty("agents").GetArrayLength().ShouldBe(0);
        (await Factory.QueryAsync<int>($"SELECT cardinality(agent_ids) FROM calls WHERE call_sid = '{sid}'")).ShouldBe(0);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls WHERE parent_call_sid IS NOT NULL AND business_id IS NOT NULL")).ShouldBe(0);
    }

    [Fact]
    public async Task ACallCarriesItsAgentsAndTeamsAndItsLegIsNotACallOfItsOwn()
    {
        var world = await SeedAsync("business");
        var admin = world.Browsers[Role.Admin];

        var detail = await (await admin.GetAsync($"/api/calls/{world.Calls[Call.A1Own]}")).Content.ReadFromJsonAsync<JsonElement>();
        detail.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("displayName").GetString()).ShouldBe(["Agent a1"]);
        detail.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["Team one"]);

        var onTheLine = await (await admin.GetAsync($"/api/calls/{world.Calls[Call.TeamOneLine]}")).Content.ReadFromJsonAsync<JsonElement>();
        onTheLine.GetProperty("agents").GetArrayLength().ShouldBe(0);
        onTheLine.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["Team one"]);

        // Seven calls were made, each with a leg to its agent: the list has the business's six, no leg.
        var listed = await ListedAsync(admin, "/api/calls?limit=100");
        listed.Count.ShouldBe(6);

        // The list filters by agent and by team (within what the viewer sees).
        (await ListedAsync(admin, $"/api/calls?agentId={world.Accounts["a2"]}")).ShouldBe([world.Calls[Call.A2TeamOne]]);
        (await ListedAsync(admin, $"/api/calls?teamId={world.Teams["one"]}")).ShouldBe(
            [world.Calls[Call.A1Own], world.Calls[Call.A2TeamOne], world.Calls[Call.TeamOneLine]], ignoreOrder: true);
        (await ListedAsync(world.Browsers[Role.Agent], $"/api/calls?teamId={world.Teams["two"]}")).ShouldBe(
            [world.Calls[Call.A3TeamTwo]], "under business, an agent sees team two's calls too");
    }

    // --- the scenario -------------------------------------------------------------------------------------------

    private sealed record World(
        Guid Business, Dictionary<Call, string> Calls, Dictionary<Call, string> Customers, Dictionary<Role, HttpClient> Browsers,
        Dictionary<string, Guid> Accounts, Dictionary<string, Guid> Teams);

    /// <summary>
    /// Business A (three numbers: team one's, team two's, the main one) with a1, a2 in team one, a3 in team two, s1
    /// supervising team one, and admin ad; business B with its agent b1 (identity <c>client:b1</c>). Each call is the
    /// business's call from its own customer, and, when someone took it, its leg to that agent's client identity.
    /// </summary>
    private async Task<World> SeedAsync(string setting)
    {
        var business = await CreateBusinessAsync("Acme", TeamOneLine, TeamTwoLine, MainLine);
        var other = await CreateBusinessAsync("Globex", OtherBusinessLine);
        var accounts = new Dictionary<string, Guid>();
        foreach (var (name, role, owner) in new[]
                 {
                     ("a1", "Agent", business.Id), ("a2", "Agent", business.Id), ("a3", "Agent", business.Id),
                     ("s1", "Supervisor", business.Id), ("ad", "Admin", business.Id), ("b1", "Agent", other.Id),
                 })
        {
            await CreateAgentAsync(owner, $"{name}@example.com");
            accounts[name] = await Factory.QueryAsync<Guid>($"""
                UPDATE agents SET role = '{role}', display_name = 'Agent {name}' WHERE email = '{name}@example.com' RETURNING id
                """);
            await Factory.QueryAsync<int>($"""
                INSERT INTO account_identities (business_id, identity, account_id) VALUES ('{owner}', 'client:{name}', '{accounts[name]}') RETURNING 1
                """);
        }

        var teams = new Dictionary<string, Guid>
        {
            ["one"] = await TeamAsync(business.Id, "Team one", TeamOneLine, [accounts["a1"], accounts["a2"]], [accounts["s1"]]),
            ["two"] = await TeamAsync(business.Id, "Team two", TeamTwoLine, [accounts["a3"]], []),
        };
        await Factory.QueryAsync<int>($"UPDATE businesses SET agents_see = '{char.ToUpperInvariant(setting[0]) + setting[1..]}' WHERE id = '{business.Id}' RETURNING 1");

        var customers = new Dictionary<Call, string>();
        var calls = new Dictionary<Call, string>();
        var takers = new Dictionary<Call, (string Line, string? Agent)>
        {
            [Call.A1Own] = (MainLine, "a1"),
            [Call.A2TeamOne] = (MainLine, "a2"),
            [Call.TeamOneLine] = (TeamOneLine, null),
            [Call.A3TeamTwo] = (MainLine, "a3"),
            [Call.S1Own] = (MainLine, "s1"),
            [Call.Unattributed] = (MainLine, null),
            [Call.OtherBusiness] = (OtherBusinessLine, "b1"),
        };
        var index = 0;
        foreach (var (call, (line, agent)) in takers)
        {
            customers[call] = $"+97250{1000000 + (++index * 1111):D7}";
            calls[call] = await CallAsync(line, customers[call], agent is null ? null : $"client:{agent}");
        }

        var browsers = new Dictionary<Role, HttpClient>
        {
            [Role.Agent] = await LogInAsync("a1@example.com"),
            [Role.Supervisor] = await LogInAsync("s1@example.com"),
            [Role.Admin] = await LogInAsync("ad@example.com"),
        };
        return new World(business.Id, calls, customers, browsers, accounts, teams);
    }

    private async Task<Guid> TeamAsync(Guid businessId, string name, string line, Guid[] members, Guid[] supervisors)
    {
        var id = Guid.CreateVersion7();
        await Factory.QueryAsync<int>($"""
            INSERT INTO teams (id, business_id, name, created_at) VALUES ('{id}', '{businessId}', '{name}', now());
            INSERT INTO team_phone_numbers (number, team_id) VALUES ('{line}', '{id}');
            SELECT 1
            """);
        foreach (var member in members)
        {
            await Factory.QueryAsync<int>($"INSERT INTO team_members (team_id, account_id) VALUES ('{id}', '{member}') RETURNING 1");
        }

        foreach (var supervisor in supervisors)
        {
            await Factory.QueryAsync<int>($"INSERT INTO team_supervisors (team_id, account_id) VALUES ('{id}', '{supervisor}') RETURNING 1");
        }

        return id;
    }

    /// <summary>An inbound call on <paramref name="line"/>, its leg to <paramref name="agentIdentity"/>, and its recording at Twilio.</summary>
    private async Task<string> CallAsync(string line, string customer, string? agentIdentity)
    {
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, customer, line))).EnsureSuccessStatusCode();
        if (agentIdentity is not null)
        {
            var leg = TwilioWebhookClient.CallStatus(NewCallSid(), line, agentIdentity, direction: "outbound-dial");
            leg["ParentCallSid"] = callSid;
            (await Twilio.CallStatusAsync(leg)).EnsureSuccessStatusCode();
        }

        var recordingSid = NewRecordingSid();
        var bytes = new byte[16_000];
        new Random(callSid.GetHashCode(StringComparison.Ordinal)).NextBytes(bytes);
        Factory.Twilio.Recording(recordingSid).Serves(bytes);
        (await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(callSid, recordingSid, origin: Factory.Twilio.BaseUrl)))
            .EnsureSuccessStatusCode();
        return callSid;
    }

    private async Task<HttpClient> LogInAsync(string email)
    {
        var browser = Factory.CreateBrowser();
        (await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password })).EnsureSuccessStatusCode();
        return browser;
    }

    private static async Task<List<string>> ListedAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callSid").GetString()!)];
    }

    /// <summary>One endpoint for one call: whether it answered as it should (visible: anything but 404; hidden: 404).</summary>
    private static async Task<(bool Ok, string Seen)> CheckAsync(HttpClient browser, string endpoint, string callSid, string customer, bool visible)
    {
        if (endpoint is "search" or "total")
        {
            // The customer's number is the call's alone: a search for its digits finds this call or nothing.
            var digits = customer[^9..];
            var page = await (await browser.GetAsync($"/api/calls?q={digits}&limit=10")).Content.ReadFromJsonAsync<JsonElement>();
            var found = page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("callSid").GetString() == callSid);
            var total = page.GetProperty("total").GetInt32();
            return endpoint == "search" ? (found == visible, $"found: {found}") : (total == (visible ? 1 : 0), $"total: {total}");
        }

        using var request = endpoint switch
        {
            "detail" => new HttpRequestMessage(HttpMethod.Get, $"/api/calls/{callSid}"),
            "file GET" => new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/file/{callSid}"),
            "file HEAD" => new HttpRequestMessage(HttpMethod.Head, $"/api/recordings/file/{callSid}"),
            "prepare" => new HttpRequestMessage(HttpMethod.Post, $"/api/recordings/{callSid}/prepare"),
            "status" => new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{callSid}"),
            "peaks" => new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{callSid}/peaks"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        using var response = await browser.SendAsync(request);
        var status = (int)response.StatusCode;
        var ok = visible ? status is 200 or 202 or 206 : status == 404;
        return (ok, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A problem document without what differs per request (its trace id).</summary>
    private static string Comparable(string body)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
        json.Remove("traceId");
        return JsonSerializer.Serialize(json.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
    }
}
