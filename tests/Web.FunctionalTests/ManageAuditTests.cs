using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The business's own audit trail: every administrative write leaves its entry (who, from where, what, to what), the
/// admin reads the business's entries (never another's) and exports them as CSV that a spreadsheet opens as written.
/// </summary>
public sealed class ManageAuditTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Line1 = "+15551238001";
    private const string Line2 = "+15551238002";

    [Fact]
    public async Task EveryWriteLeavesItsEntryWithTheActingAccountInTheSameChange()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1, Line2);
        var team = await Manage.CreateTeamAsync(acme.Admin, "Sales", [Line1]);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", displayName: "Dana", identities: ["client:dana"]);
        (await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { teamIds = new[] { team.Id } })).EnsureSuccessStatusCode();
        (await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{dana.Id}", new { disabled = true })).EnsureSuccessStatusCode();
        (await acme.Admin.PutAsJsonAsync($"/api/manage/agents/{dana.Id}/password", new { password = "never in the trail" })).EnsureSuccessStatusCode();
        (await acme.Admin.PutAsJsonAsync("/api/manage/retention", new { audioDays = 30 })).EnsureSuccessStatusCode();
        (await acme.Admin.PutAsJsonAsync("/api/manage/settings", new { agentsSee = "team" })).EnsureSuccessStatusCode();
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, "+15550001111", Line1))).EnsureSuccessStatusCode();
        (await acme.Admin.PutAsJsonAsync($"/api/manage/calls/{callSid}/agents", new { agentIds = new[] { dana.Id } })).EnsureSuccessStatusCode();
        (await acme.Admin.GetAsync("/api/manage/audit.csv?action=play")).EnsureSuccessStatusCode();

        var entries = await Manage.AuditAsync(acme.Admin);

        entries.Select(e => e.GetProperty("action").GetString()).ShouldBe([
            "audit_exported", "attribution_changed", "settings_changed", "retention_changed", "password_reset", "agent_disabled", "agent_changed",
            "agent_created", "team_changed",
        ]);
        foreach (var entry in entries)
        {
            entry.GetProperty("agentEmail").GetString().ShouldBe(acme.AdminEmail);
            entry.GetProperty("businessId").GetGuid().ShouldBe(acme.Id);
            entry.GetProperty("ip").GetString().ShouldBe("127.0.0.1");
            entry.GetProperty("userAgent").GetString().ShouldBe(Manage.UserAgent);
            entry.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
            entry.GetRawText().ShouldNotContain("never in the trail");
        }

        var byAction = entries.ToDictionary(e => e.GetProperty("action").GetString()!);
        byAction["team_changed"].GetProperty("target").GetString().ShouldBe($"team:{team.Id}");
        byAction["agent_created"].GetProperty("target").GetString().ShouldBe($"account:{dana.Id}");
        byAction["agent_created"].GetProperty("detail").GetString()
            .ShouldBe("email: dana@acme.example; displayName: 'Dana'; role: agent; teams: none; identities: client:dana");
        byAction["agent_changed"].GetProperty("detail").GetString().ShouldBe("teams: none -> Sales");
        byAction["retention_changed"].GetProperty("target").GetString().ShouldBe("business");
        byAction["attribution_changed"].GetProperty("callSid").GetString().ShouldBe(callSid);
        byAction["audit_exported"].GetProperty("detail").GetString().ShouldBe("filters: action=play");
        byAction["audit_exported"].GetProperty("callSid").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task ARefusedWriteChangesNothingAndLeavesNoEntry()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        var dana = await Manage.CreateAccountAsync(acme.Admin, "dana@acme.example", identities: ["client:dana"]);
        var eli = await Manage.CreateAccountAsync(acme.Admin, "eli@acme.example");

        // Refused as a whole: neither its display name nor anything else of it is written.
        using var refused = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{eli.Id}",
            new { displayName = "Eli the second", identities = new[] { "client:dana" } });
        using var lastAdmin = await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{acme.AdminId}", new { displayName = "Renamed", role = "agent" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "identity_taken");
        await lastAdmin.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
        var accounts = await Manage.AccountsAsync(acme.Admin);
        accounts.Single(a => a.Id == eli.Id).DisplayName.ShouldBe(eli.DisplayName);
        accounts.Single(a => a.Id == acme.AdminId).DisplayName.ShouldBe("Admin of Acme");
        (await Manage.AuditAsync(acme.Admin, "action=agent_changed")).ShouldBeEmpty();
        dana.Identities.ShouldBe(["client:dana"]);
    }

    [Fact]
    public async Task TheAdminReadsTheBusinesssTrailFilteredAndPagedAndNoOtherBusinesss()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", Line2);
        for (var i = 0; i < 3; i++)
        {
            await Manage.CreateTeamAsync(acme.Admin, $"Team {i}");
        }

        await Manage.CreateTeamAsync(globex.Admin, "Globex team");

        var first = await acme.Admin.GetFromJsonAsync<JsonElement>("/api/manage/audit?action=team_changed&limit=2");
        var second = await acme.Admin.GetFromJsonAsync<JsonElement>(
            $"/api/manage/audit?action=team_changed&limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");
        var all = await acme.Admin.GetFromJsonAsync<JsonElement>("/api/manage/audit");
        using var badAction = await acme.Admin.GetAsync("/api/manage/audit?action=delete_everything");
        using var badSid = await acme.Admin.GetAsync("/api/manage/audit?callSid=CA1");
        using var badLimit = await acme.Admin.GetAsync("/api/manage/audit?limit=201");

        (first.GetProperty("total").GetInt32(), first.GetProperty("items").GetArrayLength()).ShouldBe((3, 2));
        second.GetProperty("items").GetArrayLength().ShouldBe(1);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        all.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("businessId").GetGuid() == acme.Id);
        all.GetProperty("totalIsEstimate").GetBoolean().ShouldBeFalse();
        await badAction.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await badSid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");
        (await badLimit.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").EnumerateObject()
            .Select(p => p.Name).ShouldBe(["Limit"]);
    }

    [Fact]
    public async Task TheCsvExportHasEveryMatchingEntryNewestFirstQuotedForSpreadsheetsAndNothingElse()
    {
        using var acme = await Manage.BusinessWithAdminAsync(Factory, "Acme", Line1);
        using var globex = await Manage.BusinessWithAdminAsync(Factory, "Globex", Line2);
        const int Rows = 2_500; // more than two of the export's internal pages of 1,000
        var actor = "mass-" + Guid.NewGuid().ToString("N") + "@acme.example";
        // Seven entries share each instant: the export's pages must split ties by the entries' numbers, losing none.
        await Factory.QueryAsync<int>(
            "INSERT INTO audit_entries (at, action, agent_email, business_id, target, detail) SELECT " +
            "timestamptz '2026-12-01T09:00:00Z' + (i / 7) * interval '1 second', 'AgentChanged', " +
            $"'{actor}', '{acme.Id}', 'account:' || i, 'row ' || i FROM generate_series(0, {Rows - 1}) AS i RETURNING 1");
        await Factory.QueryAsync<int>(
            "INSERT INTO audit_entries (at, action, agent_email, business_id, target, detail) VALUES " +
            $"('2026-12-01T09:00:00Z', 'AgentChanged', '{actor}', '{globex.Id}', 'account:globex', 'another business') RETURNING 1");
        // The awkward values: Hebrew, a comma, a quote, line breaks, and what a spreadsheet would run as a formula.
        var awkward = new[]
        {
            "displayName: 'דנה' -> 'דנה לוי'", "teams: Sales, Support", "displayName: 'Dana \"the boss\"'", "two\r\nlines",
            "=HYPERLINK(\"http://evil.example\",\"x\")", "+15551230001", "-1+1", "@SUM(A1)", "\tindented",
        };
        var specialActor = "special-" + Guid.NewGuid().ToString("N") + "@acme.example";
        for (var i = 0; i < awkward.Length; i++)
        {
            await Factory.QueryAsync<int>(
                "INSERT INTO audit_entries (at, action, agent_email, business_id, target, detail, user_agent) VALUES " +
                $"(timestamptz '2026-12-02T09:00:00Z' + {i} * interval '1 second', 'TeamChanged', '{specialActor}', '{acme.Id}', 'team:{i}', " +
                $"'{awkward[i].Replace("'", "''", StringComparison.Ordinal)}', 'Agent, \"quoted\"') RETURNING 1");
        }

        using var response = await acme.Admin.GetAsync($"/api/manage/audit.csv?agentEmail={Uri.EscapeDataString(actor)}");
        using var special = await acme.Admin.GetAsync($"/api/manage/audit.csv?agentEmail={Uri.EscapeDataString(specialActor)}");
        using var filtered = await acme.Admin.GetAsync(
            $"/api/manage/audit.csv?agentEmail={Uri.EscapeDataString(actor)}&from=2026-12-01T09:00:07Z&to=2026-12-01T09:00:14Z");
        using var bad = await acme.Admin.GetAsync("/api/manage/audit.csv?to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        response.Content.Headers.GetValues("Content-Disposition").Single().ShouldBe($"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMdd}.csv\"");
        response.Headers.TransferEncodingChunked.ShouldBe(true, "streamed as it is read, not buffered whole");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldStartWith("at,action,account,callSid,recordingSid,target,detail,ip,userAgent\r\n");
        var rows = Csv.Parse(text);
        rows[0].ShouldBe(["at", "action", "account", "callSid", "recordingSid", "target", "detail", "ip", "userAgent"]);
        var details = rows.Skip(1).Select(r => r[6]).ToList();
        details.ShouldBe(Enumerable.Range(0, Rows).Reverse().Select(i => $"row {i}").ToList(), "every entry once, newest first, no other business's");
        rows[1].ShouldBe(["2026-12-01T09:05:57.000Z", "agent_changed", actor, "", "", $"account:{Rows - 1}", $"row {Rows - 1}", "", ""]);

        var specialText = Encoding.UTF8.GetString(await special.Content.ReadAsByteArrayAsync());
        var specialRows = Csv.Parse(specialText.TrimStart('\uFEFF'));
        specialRows.Skip(1).Select(r => r[6]).ShouldBe(awkward.Reverse().Select(v => v[0] is '=' or '+' or '-' or '@' or '\t' ? "'" + v : v).ToList());
        specialRows.Skip(1).ShouldAllBe(r => r[8] == "Agent, \"quoted\"");
        specialText.ShouldContain("\"displayName: 'Dana \"\"the boss\"\"'\"");
        specialText.ShouldContain(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",");
        specialText.ShouldContain(",displayName: 'דנה' -> 'דנה לוי',");

        var filteredRows = Csv.Parse(Encoding.UTF8.GetString(await filtered.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        filteredRows.Skip(1).Select(r => r[6]).ShouldBe(Enumerable.Range(49, 49).Reverse().Select(i => $"row {i}").ToList());
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var exports = await Manage.AuditAsync(acme.Admin, "action=audit_exported");
        exports.Length.ShouldBe(3, "each export is audited; the refused one is not");
        exports[0].GetProperty("detail").GetString().ShouldBe($"filters: agentEmail={actor}; from=2026-12-01T09:00:07.0000000+00:00; to=2026-12-01T09:00:14.0000000+00:00");
    }

    /// <summary>A reader of RFC 4180 CSV, to read back what the export wrote.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    i++;
                }
                else
                {
                    c.ShouldNotBe('\n', "a line break outside quotes ends a record only as CRLF");
                    field.Append(c);
                }
            }

            (field.Length + row.Count).ShouldBe(0, "the last record ends with CRLF");
            return rows;
        }
    }
}
