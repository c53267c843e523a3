using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Recordings.Application.Common.Interfaces;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class CallsTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551230001";

    // Twilio's timestamps must be near the present: the calls of a test end in the hour before it ran, a minute apart.
    private static readonly DateTimeOffset Hour = TwilioWebhookClient.RecentWholeMinute().AddHours(-1);

    private async Task DeliverCallAsync(string callSid, string from, int minute)
    {
        var response = await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, from, BusinessNumber, duration: "60",
            timestamp: TwilioWebhookClient.Timestamp(Hour.AddMinutes(minute + 1))));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ListsTheBusinesssCallsNewestFirstWithPaging()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var sids = Enumerable.Range(0, 5).Select(_ => NewCallSid()).ToList();
        for (var i = 0; i < sids.Count; i++)
        {
            await DeliverCallAsync(sids[i], $"+1555000000{i}", minute: i);
        }

        var first = await browser.GetFromJsonAsync<JsonElement>("/api/calls?page=1&pageSize=2");
        var third = await browser.GetFromJsonAsync<JsonElement>("/api/calls?page=3&pageSize=2");

        first.GetProperty("total").GetInt32().ShouldBe(5);
        first.GetProperty("page").GetInt32().ShouldBe(1);
        first.GetProperty("pageSize").GetInt32().ShouldBe(2);
        first.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[4], sids[3]]);
        third.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[0]]);
        var item = first.GetProperty("items")[0];
        item.GetProperty("from").GetString().ShouldBe("+15550000004");
        item.GetProperty("to").GetString().ShouldBe(BusinessNumber);
        item.GetProperty("direction").GetString().ShouldBe("inbound");
        item.GetProperty("status").GetString().ShouldBe("completed");
        item.GetProperty("durationSeconds").GetInt32().ShouldBe(60);
        item.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(Hour.AddMinutes(4));
        item.GetProperty("recording").GetProperty("state").GetString().ShouldBe("missing");
        item.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("none");
        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("none");
    }

    [Fact]
    public async Task TheCursorWalksEveryCallOnceInOrderAndCarriesTheTotal()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var sids = Enumerable.Range(0, 7).Select(_ => NewCallSid()).ToList();
        for (var i = 0; i < sids.Count; i++)
        {
            await DeliverCallAsync(sids[i], $"+1555000000{i}", minute: i % 3);
        }

        var seen = new List<string>();
        var page = await browser.GetFromJsonAsync<JsonElement>("/api/calls?limit=3");
        page.GetProperty("total").GetInt32().ShouldBe(7);
        page.GetProperty("totalIsEstimate").GetBoolean().ShouldBeFalse();
        while (true)
        {
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()!));
            page.GetProperty("total").GetInt32().ShouldBe(7);
            if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            page = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?limit=3&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}");
            page.TryGetProperty("page", out _).ShouldBeFalse();
        }

        // Three calls share each minute: the SID breaks the tie, so the walk neither repeats nor skips one.
        var byPage = await browser.GetFromJsonAsync<JsonElement>("/api/calls?page=1&pageSize=7");
        seen.ShouldBe(byPage.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()!).ToList());
        seen.ShouldBe(sids, ignoreOrder: true);
    }

    [Fact]
    public async Task ACursorFromAnotherBusinessOrFilterOrAChangedOneIsRefused()
    {
        var (_, acme) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var (_, globex) = await AgentOfNewBusinessAsync("Globex", "+15551239999");
        await DeliverCallAsync(NewCallSid(), "+15550000001", minute: 1);
        await DeliverCallAsync(NewCallSid(), "+15550000002", minute: 2);
        var cursor = (await acme.GetFromJsonAsync<JsonElement>("/api/calls?limit=1&sort=silence")).GetProperty("nextCursor").GetString()!;

        foreach (var (client, query) in new[]
        {
            (globex, "sort=silence"), (acme, "sort=newest"), (acme, "sort=silence&direction=inbound"), (acme, "sort=silence&q=555"),
        })
        {
            await (await client.GetAsync($"/api/calls?{query}&cursor={Uri.EscapeDataString(cursor)}"))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        }

        var changed = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        await (await acme.GetAsync($"/api/calls?sort=silence&cursor={Uri.EscapeDataString(changed)}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await acme.GetAsync("/api/calls?sort=silence&cursor=%7B%22key%22%3A1%7D")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        (await acme.GetAsync($"/api/calls?sort=silence&cursor={Uri.EscapeDataString(cursor)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PagesByNumberReachTheFirstTenThousandRowsOnly()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        (await browser.GetAsync("/api/calls?page=100&pageSize=100")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await browser.GetAsync("/api/calls?page=101&pageSize=100")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "use_cursor");
        await (await browser.GetAsync("/api/calls?page=2&cursor=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task TheStartTimeAndDirectionFilterTheList()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var sids = Enumerable.Range(0, 4).Select(_ => NewCallSid()).ToList();
        for (var i = 0; i < sids.Count; i++)
        {
            await DeliverCallAsync(sids[i], $"+1555000000{i}", minute: i * 10);
        }

        var from = Uri.EscapeDataString(Hour.AddMinutes(11).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(Hour.AddMinutes(31).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var window = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?from={from}&to={to}");
        window.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[3], sids[2]]);
        (await browser.GetFromJsonAsync<JsonElement>("/api/calls?direction=inbound")).GetProperty("total").GetInt32().ShouldBe(4);
        (await browser.GetFromJsonAsync<JsonElement>("/api/calls?direction=outbound")).GetProperty("total").GetInt32().ShouldBe(0);
        await (await browser.GetAsync($"/api/calls?from={to}&to={from}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    /// <summary>Gives the call a one-segment transcript as a transcription would, then indexes it as the backfill does.</summary>
    private async Task SaidAsync(string callSid, string text)
    {
        var segments = System.Text.Json.JsonSerializer.Serialize(new[] { new { startSeconds = 12.5, endSeconds = 16.0, speaker = "customer", text } });
        await Factory.QueryAsync<int>(
            $"UPDATE calls SET transcript_state = 'Done', transcript_text = '{text}', transcript_segments = '{segments}'::jsonb, " +
            $"search_document = NULL WHERE call_sid = '{callSid}' RETURNING 1");
        await Recordings.Infrastructure.Data.Search.SearchDocumentBackfill.RunBatchAsync(
            Factory.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
    }

    [Fact]
    public async Task SearchFindsHebrewWordsWithTheirPrefixesExactFormsFirstWithHitsAndPagesByCursor()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var sids = Enumerable.Range(0, 4).Select(_ => NewCallSid()).ToList();
        for (var i = 0; i < sids.Count; i++)
        {
            await DeliverCallAsync(sids[i], $"+1555000000{i}", minute: i);
        }

        await SaidAsync(sids[0], "אני לקוח ותיק של החברה");
        await SaidAsync(sids[1], "שלום, הלקוח ביקש זיכוי");
        await SaidAsync(sids[2], "דיברנו על החשבון בלבד");
        await SaidAsync(sids[3], "וללקוח יש בעיה בחשבונית");

        var found = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?q={Uri.EscapeDataString("לקוח")}");

        // The exact form first, then the prefixed forms, newest first.
        found.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[0], sids[3], sids[1]]);
        found.GetProperty("total").GetInt32().ShouldBe(3);
        var hit = found.GetProperty("items")[2].GetProperty("hits").EnumerateArray().ShouldHaveSingleItem();
        hit.GetProperty("text").GetString().ShouldBe("שלום, הלקוח ביקש זיכוי");
        hit.GetProperty("startSeconds").GetDouble().ShouldBe(12.5);
        hit.GetProperty("speaker").GetString().ShouldBe("customer");
        var range = hit.GetProperty("highlights")[0];
        hit.GetProperty("text").GetString()![range[0].GetInt32()..range[1].GetInt32()].ShouldBe("הלקוח");

        var walked = new List<string>();
        var page = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?limit=1&q={Uri.EscapeDataString("לקוח")}");
        while (true)
        {
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()!));
            if (page.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                break;
            }

            page = await browser.GetFromJsonAsync<JsonElement>(
                $"/api/calls?limit=1&q={Uri.EscapeDataString("לקוח")}&cursor={Uri.EscapeDataString(cursor)}");
        }

        walked.ShouldBe([sids[0], sids[3], sids[1]]);
        var newest = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?sort=newest&q={Uri.EscapeDataString("לקוח")}");
        newest.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[3], sids[1], sids[0]]);
        var phrase = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?q={Uri.EscapeDataString("\"לקוח ותיק\"")}");
        phrase.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([sids[0]]);
        (await browser.GetFromJsonAsync<JsonElement>("/api/calls?q=5550000003")).GetProperty("items")[0].TryGetProperty("hits", out var byNumber).ShouldBeTrue();
        byNumber.GetArrayLength().ShouldBe(0, "a number matches the call's phone numbers, not a moment of it");
        (await browser.GetFromJsonAsync<JsonElement>("/api/calls")).GetProperty("items")[0].TryGetProperty("hits", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("!!! ???")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\u200F\u200E")]
    public async Task ASearchWithNothingToSearchForIsABadRequestNamingQ(string q)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        var body = await (await browser.GetAsync($"/api/calls?q={Uri.EscapeDataString(q)}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        body.GetProperty("errors").TryGetProperty("Q", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("a & b | !c <-> d:*")]
    [InlineData("\"unbalanced")]
    [InlineData("(((((((")]
    public async Task SearchInputOfAnyShapeIsAnsweredHonestly(string q)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        using var response = await browser.GetAsync($"/api/calls?q={Uri.EscapeDataString(q)}");

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DefaultPageIsTheFirst25()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        var list = await browser.GetFromJsonAsync<JsonElement>("/api/calls");

        list.GetProperty("page").GetInt32().ShouldBe(1);
        list.GetProperty("pageSize").GetInt32().ShouldBe(25);
        list.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("0000003", 1)]
    [InlineData("+15550000001", 1)]
    [InlineData("5550000", 3)]
    [InlineData("1230001", 3)]
    [InlineData("nothing like it", 0)]
    public async Task QMatchesPhoneNumbers(string q, int expected)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        for (var i = 1; i <= 3; i++)
        {
            await DeliverCallAsync(NewCallSid(), $"+1555000000{i}", minute: i);
        }

        var list = await browser.GetFromJsonAsync<JsonElement>($"/api/calls?q={Uri.EscapeDataString(q)}");

        list.GetProperty("total").GetInt32().ShouldBe(expected);
        list.GetProperty("items").GetArrayLength().ShouldBe(expected);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=abc")]
    public async Task BadPagingIs400(string query)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        await (await browser.GetAsync($"/api/calls?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("CA123")]
    [InlineData("RE0123456789abcdef0123456789abcdef")]
    [InlineData("CA0123456789abcdef0123456789abcdeg")]
    [InlineData("CA0123456789abcdef0123456789abcdef0")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task MalformedCallSidIs400(string callSid)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        await (await browser.GetAsync($"/api/calls/{callSid}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");
    }

    [Fact]
    public async Task UnknownCallIs404()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        await (await browser.GetAsync($"/api/calls/{NewCallSid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
    }

    [Fact]
    public async Task ListAndDetailNeverShowAnotherBusinesssCalls()
    {
        var (_, acme) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var (_, globex) = await AgentOfNewBusinessAsync("Globex", "+15551239999");
        var acmeCall = NewCallSid();
        var globexCall = NewCallSid();
        await DeliverCallAsync(acmeCall, "+15550000001", minute: 1);
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(globexCall, "+15550000001", "+15551239999"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var acmeList = await acme.GetFromJsonAsync<JsonElement>("/api/calls?q=5550000001");
        var globexList = await globex.GetFromJsonAsync<JsonElement>("/api/calls?q=5550000001");

        acmeList.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([acmeCall]);
        globexList.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()).ShouldBe([globexCall]);
        var hidden = await globex.GetAsync($"/api/calls/{acmeCall}");
        var absent = await globex.GetAsync($"/api/calls/{NewCallSid()}");
        var hiddenBody = await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
        var absentBody = await absent.ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
        hiddenBody.GetProperty("detail").GetString().ShouldBe(absentBody.GetProperty("detail").GetString());
    }
}

/// <summary>The app with the calls read port replaced by a spy, to see whether a request reached storage.</summary>
public sealed class CallsPortSpyFactory : RecordingsApiFactory
{
    public ICallReadRepository Calls { get; } = Substitute.For<ICallReadRepository>();

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddScoped(_ => Calls));
}

public sealed class SidCheckTests(CallsPortSpyFactory factory) : IClassFixture<CallsPortSpyFactory>
{
    [Theory]
    [InlineData("CA123")]
    [InlineData("ca0123456789abcdef0123456789abcdef")]
    public async Task MalformedCallSidIs400BeforeAnyStorageAccess(string callSid)
    {
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme " + Guid.NewGuid().ToString("N")[..6], "+1555" + Random.Shared.Next(1_000_000, 9_999_999));

        await (await browser.GetAsync($"/api/calls/{callSid}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");

        factory.Calls.ReceivedCalls().ShouldBeEmpty();
    }
}
