using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The business's own administration (<c>/api/manage/*</c>) over real HTTP, as its admin uses it: accounts, teams,
/// retention, settings, calls' attribution, and the rules that keep the business whole (an admin always remains, an
/// identity names one account, a team answers only the business's own numbers, each once).
/// </summary>
public sealed class ManageTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Line1 = "+15551236001";
    private const string Line2 = "+15551236002";

    [Fact]
    public async Task TheOperatorStartsABusinessWithItsFirstAdminAndARoleThatIsNoRoleIs400()
    {
        var business = await CreateBusinessAsync("Acme", Line1);
        using var operatorClient = Factory.CreateAdmin();

        using var created = await operatorClient.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = "boss@acme.example", password = Seed.Password, displayName = "Boss", role = "admin" });
        using var refused = await operatorClient.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = "root@acme.example", password = Seed.Password, displayName = "Root", role = "owner" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name).ShouldBe(["id", "email"]);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["Role"]);
        using var boss = await Manage.LogInAsync(Factory, "boss@acme.example");
        (await Manage.AccountsAsync(boss)).Single().Role.ShouldBe("admin");
    }

    [Fact]
    public async Task AnAdminAddsAccountsWithTeamsAndIdentitiesAndListsThemByDisplayName()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        var sales = await Manage.CreateTeamAsync(acme.Admin, "Sales", [Line1]);

        using var response = await acme.Admin.PostAsJsonAsync("/api/manage/agents", new
        {
            email = "dana@acme.example", displayName = "  דנה לוי ", role = "supervisor", teamIds = new[] { sales.Id },
            identities = new[] { " CLIENT:dana ", "sip:Dana@PBX.Acme.Example;transport=tls", "+15557770001" }, password = "a long enough password",
        });
        var eli = await Manage.CreateAccountAsync(acme.Admin, "eli@acme.example", displayName: "Eli");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dana = (await response.Content.ReadFromJsonAsync<AccountBody>())!;
        response.Headers.Location!.ToString().ShouldBe($"/api/manage/agents/{dana.Id}");
        (dana.Email, dana.DisplayName, dana.Role, dana.Disabled).ShouldBe(("dana@acme.example", "דנה לוי", "supervisor", false));
        dana.TeamIds.ShouldBe([sales.Id]);
        dana.Identities.ShouldBe(["+15557770001", "client:dana", "sip:Dana@pbx.acme.example"], ignoreOrder: true);
        eli.Role.ShouldBe("agent");
        var accounts = await Manage.AccountsAsync(acme.Admin);
        accounts.Select(a => a.DisplayName).ShouldBe(["Admin of Acme", "Eli", "דנה לוי"]);
        (await Manage.TeamsAsync(acme.Admin)).Single().MemberIds.ShouldBe([dana.Id]);
        using var danaBrowser = await Manage.LogInAsync(Factory, "dana@acme.example", "a long enough password");
        (await danaBrowser.GetAsync("/api/manage/agents")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAccountsBadInputIsRefusedByFieldAndNothingIsWritten()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", Line2);
        var globexTeam = await Manage.CreateTeamAsync(globex.Admin, "Globex sales");
        await Manage.CreateAccountAsync(acme.Admin, "taken@acme.example");

        using var shortPassword = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "a@acme.example", displayName = "A", role = "agent", password = "short" });
        using var badIdentity = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "b@acme.example", displayName = "B", role = "agent", identities = new[] { "client:ok", "mailto:b@acme.example" }, password = Seed.Password });
        using var foreignTeam = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "c@acme.example", displayName = "C", role = "agent", teamIds = new[] { globexTeam.Id }, password = Seed.Password });
        using var takenEmail = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "TAKEN@acme.example", displayName = "D", role = "agent", password = Seed.Password });
        using var badRole = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "e@acme.example", displayName = "E", role = "root", password = Seed.Password });

        (await shortPassword.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
            .Select(p => p.Name).ShouldBe(["Password"]);
        var identityProblem = await badIdentity.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        identityProblem.GetProperty("errors").GetProperty("Identities")[0].GetString()!.ShouldContain("mailto:b@acme.example");
        (await foreignTeam.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
            .Select(p => p.Name).ShouldBe(["TeamIds"]);
        await takenEmail.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email_taken");
        (await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
            .Select(p => p.Name).ShouldBe(["Role"]);
        (await Manage.AccountsAsync(acme.Admin)).Select(a => a.Email).ShouldBe(["admin@acme.example", "taken@acme.example"], ignoreOrder: true);
        (await Manage.AuditAsync(acme.Admin, "action=agent_created")).Length.ShouldBe(1, "only the account that was created");
    }

    [Fact]
    public async Task AnIdentityNamesOneAccountOfTheBusinessInWhateverFormItIsWritten()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", Line2);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", identities: ["client:dana", "sip:dana@pbx.acme.example"]);
        var eli = await Manage.CreateAccountAsync(acme.Admin, "eli@acme.example");

        using var created = await acme.Admin.PostAsJsonAsync("/api/manage/agents",
            new { email = "dup@acme.example", displayName = "Dup", role = "agent", identities = new[] { "Client:dana" }, password = Seed.Password });
        using var patched = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{eli.Id}",
            new { identities = new[] { "SIP:dana@PBX.ACME.EXAMPLE;transport=udp" } });
        // Another business may use the same identity: identities are unique within a business.
        var globexDana = await Manage.CreateAccountAsync(globex.Admin, "dana@globex.example", identities: ["client:dana"]);
        using var kept = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { identities = new[] { "client:dana", "+15557770002" } });

        await created.ShouldBeProblemAsync(HttpStatusCode.Conflict, "identity_taken");
        await patched.ShouldBeProblemAsync(HttpStatusCode.Conflict, "identity_taken");
        globexDana.Identities.ShouldBe(["client:dana"]);
        kept.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await kept.Content.ReadFromJsonAsync<AccountBody>())!.Identities.ShouldBe(["+15557770002", "client:dana"], ignoreOrder: true);
        (await Manage.AccountsAsync(acme.Admin)).Single(a => a.Id == eli.Id).Identities.ShouldBeEmpty();
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM agents WHERE email = 'dup@acme.example'")).ShouldBe(0);
    }

    [Fact]
    public async Task AnAdminChangesAnAccountFieldByFieldAndAnAbsentFieldStays()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        var sales = await Manage.CreateTeamAsync(acme.Admin, "Sales");
        var support = await Manage.CreateTeamAsync(acme.Admin, "Support");
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", displayName: "Dana", teamIds: [sales.Id], identities: ["client:dana"]);

        using var renamed = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { displayName = "Dana Levi" });
        using var moved = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}",
            new { role = "supervisor", teamIds = new[] { support.Id, sales.Id } });

        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.Content.ReadFromJsonAsync<AccountBody>())!.ShouldBe(dana with { DisplayName = "Dana Levi" }, new AccountComparer());
        var after = (await moved.Content.ReadFromJsonAsync<AccountBody>())!;
        (after.DisplayName, after.Role, after.Identities.Single()).ShouldBe(("Dana Levi", "supervisor", "client:dana"));
        after.TeamIds.ShouldBe([sales.Id, support.Id], ignoreOrder: true);
        var detail = (await Manage.AuditAsync(acme.Admin, "action=agent_changed"))[0].GetProperty("detail").GetString();
        detail.ShouldBe("role: agent -> supervisor; teams: Sales -> Sales, Support");
    }

    [Fact]
    public async Task AnAdminResetsAPasswordAndTheAccountsSessionsEnd()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example");
        using var danaBrowser = await Manage.LogInAsync(Factory, "dana@acme.example");
        (await danaBrowser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var weak = await acme.Admin.PutAsJsonAsync($"/api/manage/agents/{dana.Id}/password", new { password = "short" });
        using var reset = await acme.Admin.PutAsJsonAsync($"/api/manage/agents/{dana.Id}/password", new { password = "a brand new passphrase" });

        await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await danaBrowser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var again = await Manage.LogInAsync(Factory, "dana@acme.example", "a brand new passphrase");
        var entry = (await Manage.AuditAsync(acme.Admin, "action=password_reset")).Single();
        entry.GetProperty("target").GetString().ShouldBe($"account:{dana.Id}");
        entry.GetRawText().ShouldNotContain("a brand new passphrase");
    }

    [Fact]
    public async Task TheLastEnabledAdminCanBeNeitherDemotedNorDisabledButAnotherAdminCan()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);

        using var demoteSelf = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { role = "supervisor" });
        using var disableSelf = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { disabled = true });
        var second = await Manage.CreateAccountAsync(acme.Admin, "second@acme.example", role: "admin");
        using var disabledSecond = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{second.Id}", new { disabled = true });
        // A disabled admin is no admin: the first is the last enabled one again.
        using var demoteSelfAgain = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { role = "agent" });
        using var enabledSecond = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{second.Id}", new { disabled = false });
        using var demotedSelf = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { role = "agent", displayName = "Former admin" });

        await demoteSelf.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
        await disableSelf.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
        disabledSecond.StatusCode.ShouldBe(HttpStatusCode.OK);
        await demoteSelfAgain.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
        enabledSecond.StatusCode.ShouldBe(HttpStatusCode.OK);
        demotedSelf.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The demotion took effect on the next request: the former admin may no longer manage.
        await (await acme.Admin.GetAsync("/api/manage/settings")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var boss = await Manage.LogInAsync(Factory, "second@acme.example");
        var accounts = await Manage.AccountsAsync(boss);
        var former = accounts.Single(a => a.Id == acme.AdminId);
        (former.Role, former.DisplayName, former.Disabled).ShouldBe(("agent", "Former admin", false));
        (await Manage.AuditAsync(boss, $"agentEmail={acme.AdminEmail}&action=agent_changed")).Length.ShouldBe(2, "the enable and the self-demotion");
    }

    [Fact]
    public async Task TwoAdminsDemotingEachOtherAtOnceLeaveOneAdmin()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        for (var round = 0; round < 5; round++)
        {
            var other = await Manage.CreateAccountAsync(acme.Admin, $"other{round}@acme.example", role: "admin");
            using var otherBrowser = await Manage.LogInAsync(Factory, other.Email);
            var first = Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{other.Id}", new { role = "agent" });
            var second = Manage.PatchAsync(otherBrowser, $"/api/manage/agents/{acme.AdminId}", new { role = "agent" });
            var answers = await Task.WhenAll(first, second);

            answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            (await Factory.QueryAsync<long>($"SELECT count(*) FROM agents WHERE business_id = '{acme.Id}' AND role = 'Admin'")).ShouldBe(1);
            if (answers[1].StatusCode == HttpStatusCode.OK)
            {
                return; // The first admin lost; the business has its one admin.
            }

            // The loser was demoted first: it is refused as no admin any more, or as the last one.
            answers[1].StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsSessionsAndLoginsUntilItIsEnabled()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example");
        using var danaBrowser = await Manage.LogInAsync(Factory, "dana@acme.example");
        (await danaBrowser.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var disabled = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { disabled = true });

        (await disabled.Content.ReadFromJsonAsync<AccountBody>())!.Disabled.ShouldBeTrue();
        (await danaBrowser.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var browser = Factory.CreateBrowser();
        (await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana@acme.example", password = Seed.Password })).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);
        var entry = (await Manage.AuditAsync(acme.Admin, "action=agent_disabled")).Single();
        entry.GetProperty("detail").GetString().ShouldBe("disabled: false -> true");

        (await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { disabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var back = await Manage.LogInAsync(Factory, "dana@acme.example");
        (await back.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAdminKeepsTeamsOfTheBusinesssOwnNumbersEachAnsweredOnce()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", "+15551236999");
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", role: "supervisor", displayName: "Dana");
        var globexAgent = await Manage.CreateAccountAsync(globex.Admin, "eli@globex.example");

        var sales = await Manage.CreateTeamAsync(acme.Admin, "  Sales ", [Line1], [dana.Id]);
        using var foreignNumber = await acme.Admin.PostAsJsonAsync("/api/manage/teams", new { name = "Other", phoneNumbers = new[] { "+15551236999" } });
        using var notE164 = await acme.Admin.PostAsJsonAsync("/api/manage/teams", new { name = "Other", phoneNumbers = new[] { "555-1234" } });
        using var numberTaken = await acme.Admin.PostAsJsonAsync("/api/manage/teams", new { name = "Other", phoneNumbers = new[] { Line1 } });
        using var nameTaken = await acme.Admin.PostAsJsonAsync("/api/manage/teams", new { name = "SALES", phoneNumbers = new[] { Line2 } });
        using var foreignSupervisor = await acme.Admin.PostAsJsonAsync("/api/manage/teams", new { name = "Other", supervisorIds = new[] { globexAgent.Id } });
        var support = await Manage.CreateTeamAsync(acme.Admin, "Support", [Line2]);
        using var patchTaken = await Manage.PatchAsync(acme.Admin, $"/api/manage/teams/{support.Id}", new { phoneNumbers = new[] { Line1, Line2 } });

        (sales.Name, sales.PhoneNumbers.Single(), sales.SupervisorIds.Single(), sales.MemberIds.Length).ShouldBe(("Sales", Line1, dana.Id, 0));
        foreach (var (response, field) in new[] { (foreignNumber, "PhoneNumbers"), (notE164, "PhoneNumbers"), (foreignSupervisor, "SupervisorIds") })
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
                .Select(p => p.Name).ShouldBe([field]);
        }

        await numberTaken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "number_taken");
        await nameTaken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "team_name_taken");
        await patchTaken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "number_taken");
        (await Manage.TeamsAsync(acme.Admin)).Select(t => (t.Name, string.Join(',', t.PhoneNumbers))).ShouldBe([("Sales", Line1), ("Support", Line2)]);
    }

    [Fact]
    public async Task AnAdminRenamesMovesAndDeletesATeam()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", role: "supervisor", displayName: "Dana");
        var sales = await Manage.CreateTeamAsync(acme.Admin, "Sales", [Line1]);
        var eli = await Manage.CreateAccountAsync(acme.Admin, "eli@acme.example", teamIds: [sales.Id]);

        using var patched = await Manage.PatchAsync(acme.Admin, $"/api/manage/teams/{sales.Id}",
            new { name = "Sales EU", phoneNumbers = new[] { Line2 }, supervisorIds = new[] { dana.Id } });
        using var same = await Manage.PatchAsync(acme.Admin, $"/api/manage/teams/{sales.Id}", new { name = "Sales EU" });
        using var deleted = await acme.Admin.DeleteAsync($"/api/manage/teams/{sales.Id}");
        using var deletedAgain = await acme.Admin.DeleteAsync($"/api/manage/teams/{sales.Id}");

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var team = (await patched.Content.ReadFromJsonAsync<TeamBody>())!;
        (team.Name, team.PhoneNumbers.Single(), team.SupervisorIds.Single(), team.MemberIds.Single()).ShouldBe(("Sales EU", Line2, dana.Id, eli.Id));
        same.StatusCode.ShouldBe(HttpStatusCode.OK);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await deletedAgain.ShouldBeProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        (await Manage.TeamsAsync(acme.Admin)).ShouldBeEmpty();
        (await Manage.AccountsAsync(acme.Admin)).Single(a => a.Id == eli.Id).TeamIds.ShouldBeEmpty();
        var details = (await Manage.AuditAsync(acme.Admin, "action=team_changed")).Select(e => e.GetProperty("detail").GetString()).ToList();
        details.ShouldBe([
            $"deleted 'Sales EU'; phoneNumbers: {Line2}",
            $"changed 'Sales EU'; name: 'Sales' -> 'Sales EU'; phoneNumbers: {Line1} -> {Line2}; supervisors: none -> Dana",
            $"created 'Sales'; phoneNumbers: {Line1}; supervisors: none",
        ], "newest first; the rename to the same name changed nothing and is not audited");
    }

    [Fact]
    public async Task AnAdminSetsRetentionAndWhichCallsAgentsSee()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example");
        using var agentBrowser = await Manage.LogInAsync(Factory, "dana@acme.example");
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, "+15550001111", Line1))).EnsureSuccessStatusCode();
        (await agentBrowser.GetFromJsonAsync<JsonElement>("/api/calls")).GetProperty("total").GetInt32().ShouldBe(1, "agents see the business by default");

        var retention = await acme.Admin.GetFromJsonAsync<JsonElement>("/api/manage/retention");
        using var setRetention = await acme.Admin.PutAsJsonAsync("/api/manage/retention", new { audioDays = 90, transcriptDays = 365 });
        using var badRetention = await acme.Admin.PutAsJsonAsync("/api/manage/retention", new { audioDays = 0 });
        var settings = await acme.Admin.GetFromJsonAsync<JsonElement>("/api/manage/settings");
        using var setSettings = await acme.Admin.PutAsJsonAsync("/api/manage/settings", new { agentsSee = "own" });
        using var badSettings = await acme.Admin.PutAsJsonAsync("/api/manage/settings", new { agentsSee = "everyone" });

        retention.GetRawText().ShouldBe("""{"audioDays":null,"transcriptDays":null}""");
        (await setRetention.Content.ReadAsStringAsync()).ShouldBe("""{"audioDays":90,"transcriptDays":365}""");
        (await Factory.QueryAsync<int>($"SELECT audio_retention_days FROM businesses WHERE id = '{acme.Id}'")).ShouldBe(90);
        await badRetention.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        settings.GetProperty("agentsSee").GetString().ShouldBe("business");
        settings.GetProperty("phoneNumbers").EnumerateArray().Select(n => n.GetString()).ShouldBe([Line1, Line2]);
        var set = await setSettings.Content.ReadFromJsonAsync<JsonElement>();
        set.GetProperty("agentsSee").GetString().ShouldBe("own");
        set.GetProperty("phoneNumbers").GetArrayLength().ShouldBe(2);
        await badSettings.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        // The agent sees only their own calls from the next request on: none yet.
        (await agentBrowser.GetFromJsonAsync<JsonElement>("/api/calls")).GetProperty("total").GetInt32().ShouldBe(0);
        (await Manage.AuditAsync(acme.Admin, "action=retention_changed")).Single().GetProperty("detail").GetString()
            .ShouldBe("audioDays: forever -> 90; transcriptDays: forever -> 365");
        (await Manage.AuditAsync(acme.Admin, "action=settings_changed")).Single().GetProperty("detail").GetString().ShouldBe("agentsSee: business -> own");
    }

    [Fact]
    public async Task AnAdminCorrectsWhomACallIsAttributedToAndTheAgentSeesItAtOnce()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", "+15551236999");
        var support = await Manage.CreateTeamAsync(acme.Admin, "Support", [Line2]);
        var sales = await Manage.CreateTeamAsync(acme.Admin, "Sales");
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", displayName: "Dana", teamIds: [sales.Id]);
        var globexAgent = await Manage.CreateAccountAsync(globex.Admin, "eli@globex.example");
        (await acme.Admin.PutAsJsonAsync("/api/manage/settings", new { agentsSee = "own" })).EnsureSuccessStatusCode();
        using var danaBrowser = await Manage.LogInAsync(Factory, "dana@acme.example");
        var callSid = NewCallSid();
        var globexCall = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, "+15550001111", Line2))).EnsureSuccessStatusCode();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(globexCall, "+15550001111", "+15551236999"))).EnsureSuccessStatusCode();
        (await danaBrowser.GetAsync($"/api/calls/{callSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var attributed = await acme.Admin.PutAsJsonAsync($"/api/manage/calls/{callSid}/agents", new { agentIds = new[] { dana.Id } });
        using var foreignCall = await acme.Admin.PutAsJsonAsync($"/api/manage/calls/{globexCall}/agents", new { agentIds = new[] { dana.Id } });
        using var unknownCall = await acme.Admin.PutAsJsonAsync($"/api/manage/calls/{NewCallSid()}/agents", new { agentIds = Array.Empty<Guid>() });
        using var foreignAgent = await acme.Admin.PutAsJsonAsync($"/api/manage/calls/{callSid}/agents", new { agentIds = new[] { globexAgent.Id } });
        using var badSid = await acme.Admin.PutAsJsonAsync("/api/manage/calls/CA123/agents", new { agentIds = new[] { dana.Id } });

        attributed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await attributed.Content.ReadAsStringAsync()).ShouldBe(
            $$"""{"agents":[{"id":"{{dana.Id}}","displayName":"Dana"}],"teams":[{"id":"{{sales.Id}}","name":"Sales"},{"id":"{{support.Id}}","name":"Support"}]}""");
        await foreignCall.ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
        await unknownCall.ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
        (await foreignAgent.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
            .Select(p => p.Name).ShouldBe(["AgentIds"]);
        await badSid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");
        (await Factory.QueryAsync<Guid[]>($"SELECT agent_ids FROM calls WHERE call_sid = '{globexCall}'")).ShouldBeEmpty();
        var call = await danaBrowser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("agents")[0].GetProperty("id").GetGuid().ShouldBe(dana.Id);
        var entry = (await Manage.AuditAsync(acme.Admin, $"callSid={callSid}&action=attribution_changed")).Single();
        entry.GetProperty("target").GetString().ShouldBe($"call:{callSid}");
        entry.GetProperty("detail").GetString().ShouldBe($"agents: none -> Dana ({dana.Id})");
    }

    private sealed class AccountComparer : IEqualityComparer<AccountBody>
    {
        public bool Equals(AccountBody? x, AccountBody? y) =>
            x is not null && y is not null && x with { TeamIds = [], Identities = [] } == y with { TeamIds = [], Identities = [] }
            && x.TeamIds.SequenceEqual(y.TeamIds) && x.Identities.SequenceEqual(y.Identities);

        public int GetHashCode(AccountBody obj) => obj.Id.GetHashCode();
    }
}
