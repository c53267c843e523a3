using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The audit trail over real HTTP: what an agent's requests record (one play per listening session, one download,
/// views and prepares, with address and User-Agent), how operators read it, and that nothing rewrites it.
/// </summary>
public sealed class AuditTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551235001";
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AuditTests/1.0";

    private async Task<List<JsonElement>> EntriesAsync(string query, int atLeast)
    {
        using var admin = Factory.CreateAdmin();
        List<JsonElement> items = [];
        // Entries are written off the request's path: they appear within moments.
        await Eventually.TrueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?{query}");
            items = [.. page.GetProperty("items").EnumerateArray()];
            return items.Count >= atLeast;
        }, $"{atLeast} audit entries for {query}");
        return items;
    }

    private async Task<(Support.BusinessResponse Business, HttpClient Agent, RecordingScenario Play, byte[] Audio)> ReadyRecordingAsync(string name)
    {
        var audio = new byte[50_000];
        new Random(9).NextBytes(audio);
        var (business, browser) = await AgentOfNewBusinessAsync(name, BusinessNumber);
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber, twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (business, browser, play, audio);
    }

    [Fact]
    public async Task AListeningSessionOfManyRangeReadsIsOnePlayAndADownloadIsOneDownload()
    {
        var (business, agent, play, audio) = await ReadyRecordingAsync("Audited");

        (await agent.GetAsync($"/api/calls/{play.CallSid}")).EnsureSuccessStatusCode();
        for (var start = 0; start < audio.Length; start += 10_000)
        {
            using var range = await play.GetFileAsync($"bytes={start}-{start + 9_999}");
            range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        }

        using (var head = await play.HeadAsync())
        {
            head.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var saved = await play.SendAsync(HttpMethod.Get, play.FilePath + "?download=1"))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.OK);
            saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
            saved.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe($"{play.CallSid}.mp3");
            (await saved.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        }

        var entries = await EntriesAsync($"businessId={business.Id}&callSid={play.CallSid}", atLeast: 4);
        entries.Select(e => e.GetProperty("action").GetString()).Order().ShouldBe(["download", "play", "prepare", "view"]);
        var entry = entries.Single(e => e.GetProperty("action").GetString() == "play");
        entry.GetProperty("agentEmail").GetString().ShouldBe("agent@audited.example");
        entry.GetProperty("businessId").GetGuid().ShouldBe(business.Id);
        entry.GetProperty("recordingSid").GetString().ShouldBe(play.RecordingSid);
        entry.GetProperty("ip").GetString().ShouldBe("127.0.0.1");
        entry.GetProperty("userAgent").GetString().ShouldBe(Browser);
        entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Descending, "newest first");
    }

    [Fact]
    public async Task OperatorsFilterAndPageTheTrailAndAnotherBusinessIsNotInIt()
    {
        var (business, agent, play, _) = await ReadyRecordingAsync("Filtered");
        (await agent.GetAsync($"/api/calls/{play.CallSid}")).EnsureSuccessStatusCode();
        for (var i = 0; i < 2; i++)
        {
            (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Prepares are all kept (views, plays and downloads are folded per window): three of them.
        await EntriesAsync($"businessId={business.Id}&action=prepare", atLeast: 3);
        using var admin = Factory.CreateAdmin();

        var firstPage = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?businessId={business.Id}&action=prepare&page=1&pageSize=2");
        (firstPage.GetProperty("total").GetInt32(), firstPage.GetProperty("items").GetArrayLength()).ShouldBe((3, 2));
        var secondPage = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?businessId={business.Id}&action=prepare&page=2&pageSize=2");
        secondPage.GetProperty("items").GetArrayLength().ShouldBe(1);
        var byAgent = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?agentEmail=agent@filtered.example&action=view");
        byAgent.GetProperty("total").GetInt32().ShouldBe(1);
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var none = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?businessId={business.Id}&from={Uri.EscapeDataString(future)}");
        none.GetProperty("total").GetInt32().ShouldBe(0);
        var other = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?businessId={Guid.NewGuid()}");
        other.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task TheCursorWalksTheTrailNewestFirstOnceAndOnlyUnderItsOwnFilters()
    {
        using var admin = Factory.CreateAdmin();
        var agent = $"agent-{Guid.NewGuid():N}@cursor.example";
        // Seven entries, three of them at one instant: their numbers break the tie.
        await Factory.QueryAsync<int>(
            "INSERT INTO audit_entries (at, action, agent_email, business_id, call_sid) SELECT " +
            "timestamptz '2026-12-01T09:00:00Z' + (least(i, 4) * interval '1 minute'), 'View', " +
            $"'{agent}', '{Guid.Empty}', 'CA0123456789abcdef0123456789abcdef' FROM generate_series(1, 7) AS i RETURNING 1");

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?agentEmail={agent}&page=1&pageSize=10");
        var walked = new List<JsonElement>();
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?agentEmail={agent}&pageSize=3");
        while (true)
        {
            walked.AddRange(page.GetProperty("items").EnumerateArray());
            page.GetProperty("total").GetInt32().ShouldBe(7);
            if (page.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                break;
            }

            page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?agentEmail={agent}&pageSize=3&cursor={Uri.EscapeDataString(cursor)}");
        }

        walked.Select(e => e.GetRawText()).ShouldBe(all.GetProperty("items").EnumerateArray().Select(e => e.GetRawText()));
        var first = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?agentEmail={agent}&pageSize=3")).GetProperty("nextCursor").GetString()!;
        await (await admin.GetAsync($"/api/admin/audit?agentEmail={agent}&action=view&pageSize=3&cursor={Uri.EscapeDataString(first)}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await admin.GetAsync($"/api/admin/audit?pageSize=50&page=201")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "use_cursor");
    }

    [Theory]
    [InlineData("action=listen", "Action")]
    [InlineData("pageSize=1000", "PageSize")]
    [InlineData("page=0", "Page")]
    [InlineData("callSid=CA123", "CallSid")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "To")]
    [InlineData("from=yesterday", "from")]
    [InlineData("page=2147483647", "Page")]
    [InlineData("page=10001", "Page")]
    [InlineData("page=0x10", "page")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("action=view&action=play", "action")]
    public async Task BadFiltersAreABadRequestNamingTheField(string query, string field)
    {
        using var admin = Factory.CreateAdmin();

        using var response = await admin.GetAsync($"/api/admin/audit?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field);
    }

    [Theory]
    [InlineData("from=2026-12-01T11:00:00%2B02:00&to=2026-12-01T11:30:00%2B02:00")]
    [InlineData("from=2026-12-01T09:00:00&to=2026-12-01T09:30:00")]
    [InlineData("from=2026-12-01T04:00:00-05:00&to=2026-12-01T09:30:00Z")]
    public async Task TimesInAnyOffsetOrNoneAreTheSameInstantsInUtc(string query)
    {
        using var admin = Factory.CreateAdmin();
        // The trail is append-only (nothing resets it between tests): an agent of this test's own.
        var agent = $"agent-{Guid.NewGuid():N}@zones.example";
        await Factory.QueryAsync<int>(
            "INSERT INTO audit_entries (at, action, agent_email, business_id, call_sid) VALUES " +
            $"('2026-12-01T09:15:00Z', 'View', '{agent}', '{Guid.Empty}', 'CA0123456789abcdef0123456789abcdef'), " +
            $"('2026-12-01T10:15:00Z', 'View', '{agent}', '{Guid.Empty}', 'CA0123456789abcdef0123456789abcdef') RETURNING 1");

        using var response = await admin.GetAsync($"/api/admin/audit?agentEmail={agent}&{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("total").GetInt32().ShouldBe(1);
        page.GetProperty("items")[0].GetProperty("at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 1, 9, 15, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task RepeatedViewsAndDownloadsWithinTheWindowAreOneEntryEach()
    {
        var (business, agent, play, _) = await ReadyRecordingAsync("Repeated");

        for (var i = 0; i < 3; i++)
        {
            (await agent.GetAsync($"/api/calls/{play.CallSid}")).EnsureSuccessStatusCode();
            using var saved = await play.SendAsync(HttpMethod.Get, play.FilePath + "?download=TRUE");
            saved.StatusCode.ShouldBe(HttpStatusCode.OK);
            saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        }

        var entries = await EntriesAsync($"businessId={business.Id}&callSid={play.CallSid}", atLeast: 3);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM audit_entries WHERE call_sid = '{play.CallSid}' AND action IN ('View', 'Download')"))
            .ShouldBe(2, "one view and one download within the window");
        entries.Select(e => e.GetProperty("action").GetString()).Order().ShouldBe(["download", "prepare", "view"]);
    }

    [Theory]
    [InlineData("?download=yes")]
    [InlineData("?download=1&download=0")]
    public async Task ADownloadFlagThatIsNotOneValueOfTheContractIsABadRequest(string query)
    {
        var (_, _, play, _) = await ReadyRecordingAsync("Flagged");

        using var response = await play.SendAsync(HttpMethod.Get, play.FilePath + query);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("download", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task TheTrailIsForOperatorsOnly()
    {
        var (_, agent) = await AgentOfNewBusinessAsync("Curious", BusinessNumber);

        (await agent.GetAsync("/api/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Factory.CreateClient().GetAsync("/api/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NothingRewritesOrRemovesAnEntryNotEvenTheDatabaseUser()
    {
        var (business, agent, play, _) = await ReadyRecordingAsync("Immutable");
        (await agent.GetAsync($"/api/calls/{play.CallSid}")).EnsureSuccessStatusCode();
        await EntriesAsync($"businessId={business.Id}&action=view", atLeast: 1);

        var update = await Should.ThrowAsync<PostgresException>(() =>
            Factory.QueryAsync<int>($"UPDATE audit_entries SET agent_email = 'someone@else.example' WHERE business_id = '{business.Id}' RETURNING 1"));
        update.MessageText.ShouldContain("append-only");
        await Should.ThrowAsync<PostgresException>(() =>
            Factory.QueryAsync<int>($"DELETE FROM audit_entries WHERE business_id = '{business.Id}' RETURNING 1"));

        (await EntriesAsync($"businessId={business.Id}&action=view", atLeast: 1)).ShouldAllBe(e => e.GetProperty("agentEmail").GetString() == "agent@immutable.example");
    }
}
