using System.Net;
using System.Net.Http.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Who may use <c>/api/manage/*</c>: the business's admin writes, its supervisors read the accounts and teams, agents
/// nothing; another business's accounts and teams do not exist; no session, no answer; no request from another site.
/// Every refused request changes nothing and is not audited.
/// </summary>
public sealed class ManageAccessTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Line = "+15551237001";

    private sealed record Scene(ManagedBusiness Acme, AccountBody Supervisor, AccountBody Agent, TeamBody Team, string CallSid,
        HttpClient SupervisorBrowser, HttpClient AgentBrowser) : IDisposable
    {
        public void Dispose()
        {
            Acme.Dispose();
            SupervisorBrowser.Dispose();
            AgentBrowser.Dispose();
        }
    }

    private async Task<Scene> SceneAsync()
    {
        var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line);
        var team = await Manage.CreateTeamAsync(acme.Admin, "Sales", [Line]);
        var supervisor = await Manage.CreateAccountAsync(acme.Admin, "sup@acme.example", role: "supervisor", teamIds: [team.Id]);
        var agent = await Manage.CreateAccountAsync(acme.Admin, "agent@acme.example", teamIds: [team.Id]);
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, "+15550001111", Line))).EnsureSuccessStatusCode();
        return new Scene(acme, supervisor, agent, team, callSid, await Manage.LogInAsync(Factory, supervisor.Email),
            await Manage.LogInAsync(Factory, agent.Email));
    }

    /// <summary>Every write of /api/manage/*, each with a body its admin would get a success for.</summary>
    private static (HttpMethod Method, string Path, object? Body)[] Writes(Scene scene) =>
    [
        (HttpMethod.Post, "/api/manage/agents", new { email = "new@acme.example", displayName = "New", role = "admin", password = Seed.Password }),
        (HttpMethod.Patch, $"/api/manage/agents/{scene.Agent.Id}", new { role = "admin" }),
        (HttpMethod.Put, $"/api/manage/agents/{scene.Agent.Id}/password", new { password = "somebody else's password" }),
        (HttpMethod.Post, "/api/manage/teams", new { name = "Mine", phoneNumbers = Array.Empty<string>() }),
        (HttpMethod.Patch, $"/api/manage/teams/{scene.Team.Id}", new { supervisorIds = new[] { scene.Agent.Id } }),
        (HttpMethod.Delete, $"/api/manage/teams/{scene.Team.Id}", null),
        (HttpMethod.Put, "/api/manage/retention", new { audioDays = 1 }),
        (HttpMethod.Put, "/api/manage/settings", new { agentsSee = "business" }),
        (HttpMethod.Put, $"/api/manage/calls/{scene.CallSid}/agents", new { agentIds = new[] { scene.Agent.Id } }),
    ];

    private static readonly string[] AdminReads = ["/api/manage/audit", "/api/manage/audit.csv", "/api/manage/settings", "/api/manage/retention"];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task AgentsAndSupervisorsAreRefusedEveryWriteAndNothingChanges()
    {
        using var scene = await SceneAsync();
        var accountsBefore = await Manage.AccountsAsync(scene.Acme.Admin);
        var teamsBefore = await Manage.TeamsAsync(scene.Acme.Admin);

        foreach (var browser in new[] { scene.AgentBrowser, scene.SupervisorBrowser })
        {
            foreach (var (method, path, body) in Writes(scene))
            {
                using var response = await SendAsync(browser, method, path, body);
                await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            }
        }

        (await Manage.AccountsAsync(scene.Acme.Admin)).ShouldBe(accountsBefore, new AccountsAlike());
        (await Manage.TeamsAsync(scene.Acme.Admin)).Select(t => (t.Id, t.Name, t.SupervisorIds.Length)).ShouldBe(teamsBefore.Select(t => (t.Id, t.Name, t.SupervisorIds.Length)));
        (await Factory.QueryAsync<Guid[]>($"SELECT agent_ids FROM calls WHERE call_sid = '{scene.CallSid}'")).ShouldBeEmpty();
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM audit_entries WHERE business_id = '{scene.Acme.Id}' AND agent_email <> '{scene.Acme.AdminEmail}'"))
            .ShouldBe(0);
        using var stillIn = await Manage.LogInAsync(Factory, scene.Agent.Email);
    }

    [Fact]
    public async Task TheAdminMayDoEveryOneOfThoseWrites()
    {
        using var scene = await SceneAsync();

        foreach (var (method, path, body) in Writes(scene))
        {
            using var response = await SendAsync(scene.Acme.Admin, method, path, body);
            response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task ASupervisorReadsAccountsAndTeamsButNotTheAuditSettingsOrRetentionAndAnAgentReadsNone()
    {
        using var scene = await SceneAsync();

        (await Manage.AccountsAsync(scene.SupervisorBrowser)).Length.ShouldBe(3);
        (await Manage.TeamsAsync(scene.SupervisorBrowser)).Single().MemberIds.ShouldBe([scene.Supervisor.Id, scene.Agent.Id], ignoreOrder: true);
        foreach (var path in AdminReads)
        {
            await (await scene.SupervisorBrowser.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        foreach (var path in AdminReads.Append("/api/manage/agents").Append("/api/manage/teams"))
        {
            await (await scene.AgentBrowser.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        (await Factory.QueryAsync<long>($"SELECT count(*) FROM audit_entries WHERE business_id = '{scene.Acme.Id}' AND action = 'AuditExported'"))
            .ShouldBe(0, "a refused export is not an export");
    }

    [Fact]
    public async Task ASupervisorCannotMakeThemselfAdmin()
    {
        using var scene = await SceneAsync();

        using var response = await Manage.PatchAsync(scene.SupervisorBrowser, $"/api/manage/agents/{scene.Supervisor.Id}", new { role = "admin" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await Manage.AccountsAsync(scene.SupervisorBrowser)).Single(a => a.Id == scene.Supervisor.Id).Role.ShouldBe("supervisor");
        await (await scene.SupervisorBrowser.GetAsync("/api/manage/settings")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnotherBusinesssAccountsAndTeamsAreNotFoundAndStayAsTheyWere()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", "+15551237999");
        var globexTeam = await Manage.CreateTeamAsync(globex.Admin, "Globex team", ["+15551237999"]);
        var globexAgent = await Manage.CreateAccountAsync(globex.Admin, "eli@globex.example", displayName: "Eli");

        using var patchAgent = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{globexAgent.Id}", new { displayName = "Mine now", disabled = true });
        using var patchAdmin = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{globex.AdminId}", new { role = "agent" });
        using var password = await acme.Admin.PutAsJsonAsync($"/api/manage/agents/{globexAgent.Id}/password", new { password = "taken over, surely" });
        using var patchTeam = await Manage.PatchAsync(acme.Admin, $"/api/manage/teams/{globexTeam.Id}", new { name = "Mine now" });
        using var deleteTeam = await acme.Admin.DeleteAsync($"/api/manage/teams/{globexTeam.Id}");
        using var joinTeam = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { teamIds = new[] { globexTeam.Id } });

        await patchAgent.ShouldBeProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        await patchAdmin.ShouldBeProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        await password.ShouldBeProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        await patchTeam.ShouldBeProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        await deleteTeam.ShouldBeProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        await joinTeam.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await Manage.AccountsAsync(acme.Admin)).Select(a => a.Email).ShouldBe([acme.AdminEmail]);
        (await Manage.AccountsAsync(globex.Admin)).Select(a => (a.DisplayName, a.Role, a.Disabled))
            .ShouldBe([("Admin of Globex", "admin", false), ("Eli", "agent", false)]);
        (await Manage.TeamsAsync(globex.Admin)).Single().Name.ShouldBe("Globex team");
        using var eli = await Manage.LogInAsync(Factory, "eli@globex.example");
    }

    [Fact]
    public async Task WithoutASessionEveryManageEndpointIs401()
    {
        using var anonymous = Factory.CreateBrowser();

        foreach (var path in AdminReads.Append("/api/manage/agents").Append("/api/manage/teams"))
        {
            await (await anonymous.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using var write = await anonymous.PostAsJsonAsync("/api/manage/teams", new { name = "Nobody's" });
        await write.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task AWriteFromAnotherSiteIsRefusedWhateverTheSession()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line);

        using var forged = await SendAsync(acme.Admin, HttpMethod.Post, "/api/manage/agents",
            new { email = "mallory@evil.example", displayName = "Mallory", role = "admin", password = Seed.Password }, origin: "https://evil.example");
        using var own = await SendAsync(acme.Admin, HttpMethod.Put, "/api/manage/settings", new { agentsSee = "team" },
            origin: Factory.BaseAddress.GetLeftPart(UriPartial.Authority));

        await forged.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Manage.AccountsAsync(acme.Admin)).Length.ShouldBe(1);
    }

    private sealed class AccountsAlike : IEqualityComparer<AccountBody>
    {
        public bool Equals(AccountBody? x, AccountBody? y) =>
            x is not null && y is not null && (x.Id, x.Email, x.DisplayName, x.Role, x.Disabled) == (y.Id, y.Email, y.DisplayName, y.Role, y.Disabled)
            && x.TeamIds.SequenceEqual(y.TeamIds) && x.Identities.SequenceEqual(y.Identities);

        public int GetHashCode(AccountBody obj) => obj.Id.GetHashCode();
    }
}
