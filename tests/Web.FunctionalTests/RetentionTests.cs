using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Retention.Commands.ApplyRetention;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Retention per business: the admin API sets it, and the sweep (its command, as the Quartz job sends it) deletes the
/// audio of old recordings (ours and Twilio's) and old transcripts; an expired recording answers 410.
/// </summary>
public sealed class RetentionTests : ApiTest
{
    private const string BusinessNumber = "+15551236001";

    public RetentionTests(RecordingsApiFactory factory)
        : base(factory) => Factory.Twilio.ForgetRestApiData();

    private static byte[] Audio(int seed)
    {
        var audio = new byte[20_000];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    private async Task<RetentionReport> SweepAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ApplyRetentionCommand());
    }

    private async Task<HttpResponseMessage> PutRetentionAsync(Guid businessId, object body)
    {
        using var admin = Factory.CreateAdmin();
        return await admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/retention", body);
    }

    private async Task<int> PreparesAuditedAsync(string callSid)
    {
        using var admin = Factory.CreateAdmin();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?callSid={callSid}&action=prepare");
        return audit.GetProperty("total").GetInt32();
    }

    /// <summary>A stored recording of a call that started <paramref name="daysAgo"/> days ago.</summary>
    private async Task<RecordingScenario> StoredAsync(HttpClient browser, int daysAgo, int seed)
    {
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber, twilio => twilio.Serves(Audio(seed)));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Factory.QueryAsync<int>(
            $"UPDATE calls SET started_at = now() - interval '{daysAgo} days' WHERE call_sid = '{play.CallSid}' RETURNING 1");
        return play;
    }

    [Fact]
    public async Task ThePolicyIsReadAndWrittenWhole()
    {
        var business = await CreateBusinessAsync("Kept", BusinessNumber);
        using var admin = Factory.CreateAdmin();

        var initial = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/retention");
        initial.GetProperty("audioDays").ValueKind.ShouldBe(JsonValueKind.Null, "kept forever until a policy is set");

        using var put = await PutRetentionAsync(business.Id, new { audioDays = 90, transcriptDays = 365 });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await put.Content.ReadFromJsonAsync<JsonElement>();
        (body.GetProperty("audioDays").GetInt32(), body.GetProperty("transcriptDays").GetInt32()).ShouldBe((90, 365));
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/retention");
        (read.GetProperty("audioDays").GetInt32(), read.GetProperty("transcriptDays").GetInt32()).ShouldBe((90, 365));

        using var forever = await PutRetentionAsync(business.Id, new { audioDays = 30 });
        (await forever.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transcriptDays").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{ "audioDays": -1 }""", "AudioDays")]
    [InlineData("""{ "audioDays": 0 }""", "AudioDays")]
    [InlineData("""{ "transcriptDays": 100000 }""", "TranscriptDays")]
    [InlineData("""{ "audioDays": 99999999999 }""", "audioDays")]
    [InlineData("""{ "audioDays": "ninety" }""", "audioDays")]
    [InlineData("""{ "audioDays": "90" }""", "audioDays")]
    public async Task RetentionOutOfRangeIsABadRequestNamingTheFieldAndChangesNothing(string json, string field)
    {
        var business = await CreateBusinessAsync("Kept", BusinessNumber);
        (await PutRetentionAsync(business.Id, new { audioDays = 90, transcriptDays = 365 })).EnsureSuccessStatusCode();
        using var admin = Factory.CreateAdmin();

        using var response = await admin.PutAsync($"/api/admin/businesses/{business.Id}/retention",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field);
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/retention");
        read.GetProperty("audioDays").GetInt32().ShouldBe(90);
    }

    [Fact]
    public async Task TheRunEndpointExpiresEverythingDueAndSaysWhatItDidAndWhatIsLeft()
    {
        var (business, browser) = await AgentOfNewBusinessAsync("Run now", BusinessNumber);
        var old = await StoredAsync(browser, daysAgo: 10, seed: 11);
        var older = await StoredAsync(browser, daysAgo: 20, seed: 12);
        await StoredAsync(browser, daysAgo: 1, seed: 13);
        (await PutRetentionAsync(business.Id, new { audioDays = 7 })).EnsureSuccessStatusCode();
        using var admin = Factory.CreateAdmin();

        using var response = await admin.PostAsync("/api/admin/retention/run", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("recordingsExpired").GetInt32().ShouldBe(2);
        report.GetProperty("recordingsLeft").GetInt32().ShouldBe(0);
        report.GetProperty("errors").GetInt32().ShouldBe(0);
        report.GetProperty("outOfTime").GetBoolean().ShouldBeFalse();
        report.GetProperty("seconds").GetDouble().ShouldBeGreaterThan(0);
        (await old.StatusAsync()).GetProperty("state").GetString().ShouldBe("expired");
        (await older.StatusAsync()).GetProperty("state").GetString().ShouldBe("expired");

        using var again = await admin.PostAsync("/api/admin/retention/run", null);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordingsExpired").GetInt32().ShouldBe(0);
        using var anonymous = Factory.CreateClient();
        (await anonymous.PostAsync("/api/admin/retention/run", null)).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnknownBusinessIsNotFound()
    {
        using var response = await PutRetentionAsync(Guid.NewGuid(), new { audioDays = 5 });
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "business_not_found");
    }

    [Fact]
    public async Task OldAudioIsDeletedHereAndAtTwilioAndAnswers410WhileRecentAudioPlays()
    {
        var (business, browser) = await AgentOfNewBusinessAsync("Retained", BusinessNumber);
        var old = await StoredAsync(browser, daysAgo: 10, seed: 1);
        var recent = await StoredAsync(browser, daysAgo: 2, seed: 2);
        var oldKey = await Factory.QueryAsync<string>($"SELECT storage_key FROM call_recordings WHERE call_sid = '{old.CallSid}'");
        (await PutRetentionAsync(business.Id, new { audioDays = 7 })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await PreparesAuditedAsync(old.CallSid) == 1, "the prepare to be audited");

        var report = await SweepAsync();

        report.RecordingsExpired.ShouldBe(1);
        report.Errors.ShouldBe(0);
        Factory.Logs.Clear();
        var status = await old.StatusAsync();
        status.GetProperty("state").GetString().ShouldBe("expired");
        var expiredAt = status.GetProperty("expiredAt").GetDateTimeOffset();
        status.GetProperty("atTwilio").GetBoolean().ShouldBeFalse();
        using (var file = await old.GetFileAsync())
        {
            var problem = await file.ShouldBeProblemAsync(HttpStatusCode.Gone, "recording_expired");
            problem.GetProperty("title").GetString().ShouldBe("Gone");
            problem.GetProperty("detail").GetString()!.ShouldContain(expiredAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        using (var prepare = await old.PrepareAsync())
        {
            await prepare.ShouldBeProblemAsync(HttpStatusCode.Gone, "recording_expired");
        }

        using (var head = await old.HeadAsync())
        {
            head.StatusCode.ShouldBe(HttpStatusCode.Gone);
        }

        // (The random bytes of this test's audio cannot be measured: that warning of the analysis may come meanwhile.)
        Factory.Logs.WarningsAndErrors().Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.Contains("GoneException", StringComparison.Ordinal))
            .ShouldBeEmpty("a 410 is an answer of the contract, not a fault");

        Factory.Twilio.WasDeleted(old.RecordingSid).ShouldBeTrue();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IRecordingStore>().FindAsync(oldKey, CancellationToken.None)).ShouldBeNull();
        }

        old.TwilioRequests.ShouldBe(1, "an expired recording is never downloaded again");
        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{old.CallSid}");
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBe("expired");
        call.GetProperty("recordings")[0].GetProperty("expiredAt").GetDateTimeOffset().ShouldBe(expiredAt);

        (await recent.StatusAsync()).GetProperty("state").GetString().ShouldBe("ready");
        (await PreparesAuditedAsync(old.CallSid)).ShouldBe(1, "retention deletes audio and text, never the record of who listened");

        Factory.Twilio.WasDeleted(recent.RecordingSid).ShouldBeFalse();
        (await SweepAsync()).RecordingsExpired.ShouldBe(0, "nothing is expired twice");
    }

    [Fact]
    public async Task OldTranscriptsAndSummariesAreDeletedAndTheAudioKeptWhenOnlyTranscriptsExpire()
    {
        var (business, browser) = await AgentOfNewBusinessAsync("Retained", BusinessNumber);
        var old = await StoredAsync(browser, daysAgo: 10, seed: 3);
        await Factory.QueryAsync<int>($"""
            UPDATE calls SET transcript_state = 'Done', transcript_text = 'the secret is forty two', summary_state = 'Done',
                summary_text = 'A secret.' WHERE call_sid = '{old.CallSid}' RETURNING 1
            """);
        (await PutRetentionAsync(business.Id, new { transcriptDays = 7 })).EnsureSuccessStatusCode();

        (await SweepAsync()).TranscriptsExpired.ShouldBe(1);

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{old.CallSid}");
        call.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("expired");
        call.GetProperty("transcript").GetProperty("text").ValueKind.ShouldBe(JsonValueKind.Null);
        call.GetProperty("summary").GetProperty("state").GetString().ShouldBe("expired");
        call.GetProperty("summary").GetProperty("text").ValueKind.ShouldBe(JsonValueKind.Null);
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBe("ready");
        var list = await browser.GetFromJsonAsync<JsonElement>("/api/calls?q=secret");
        list.GetProperty("total").GetInt32().ShouldBe(0, "what was said is no longer searchable");
    }

    [Fact]
    public async Task TwilioDownDuringTheSweepKeepsTheRecordingForTheNextSweep()
    {
        var (business, browser) = await AgentOfNewBusinessAsync("Retained", BusinessNumber);
        var old = await StoredAsync(browser, daysAgo: 10, seed: 4);
        (await PutRetentionAsync(business.Id, new { audioDays = 7 })).EnsureSuccessStatusCode();
        Factory.Twilio.FailNextRestRequests(20, 503);

        var failed = await SweepAsync();

        failed.Errors.ShouldBe(1);
        failed.RecordingsExpired.ShouldBe(0);
        (await old.StatusAsync()).GetProperty("state").GetString().ShouldBe("ready", "nothing is deleted while Twilio's copy could not be");
        using (var file = await old.GetFileAsync())
        {
            file.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        Factory.Twilio.FailNextRestRequests(0, 503);
        (await SweepAsync()).RecordingsExpired.ShouldBe(1);
        (await old.StatusAsync()).GetProperty("state").GetString().ShouldBe("expired");
    }
}
