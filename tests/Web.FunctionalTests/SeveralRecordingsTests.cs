using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Demo.Twilio;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// A call with several recordings (a transfer, a <c>&lt;Record&gt;</c> after a <c>&lt;Dial&gt;</c>): each has its own
/// state and download, and <c>?recordingSid=</c> addresses one; without it, the call's first recording is meant.
/// </summary>
public sealed class SeveralRecordingsTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551238001";

    private static byte[] Audio(int seed, int length)
    {
        var audio = new byte[length];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    /// <summary>A call whose two recordings Twilio reports, the later one first: returns the call and the recordings in start order.</summary>
    private async Task<(RecordingScenario Call, string First, byte[] FirstAudio, string Second, byte[] SecondAudio)> CallWithTwoRecordingsAsync(
        HttpClient browser)
    {
        var call = await RecordingScenario.CallAsync(Factory, browser, BusinessNumber);
        var (first, second) = (call.RecordingSid, "RE" + Guid.NewGuid().ToString("N"));
        var (firstAudio, secondAudio) = (Audio(1, 30_000), Audio(2, 12_000));
        Factory.Twilio.Recording(first).Serves(firstAudio);
        Factory.Twilio.Recording(second).Serves(secondAudio);
        var webhooks = new TwilioWebhookClient(Factory.CreateClient(), RecordingsApiFactory.AuthToken);
        foreach (var (sid, start) in new[] { (second, "Tue, 24 Nov 2026 10:05:00 +0000"), (first, "Tue, 24 Nov 2026 10:00:00 +0000") })
        {
            var fields = TwilioWebhookClient.RecordingStatus(call.CallSid, sid, origin: Factory.Twilio.BaseUrl);
            fields["RecordingStartTime"] = start;
            (await webhooks.RecordingStatusAsync(fields)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        return (call, first, firstAudio, second, secondAudio);
    }

    private static string Query(string recordingSid) => $"?recordingSid={recordingSid}";

    [Fact]
    public async Task TwoRecordingsOfOneCallAreDownloadedOnceEachAndServedApart()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Parts", BusinessNumber);
        var (call, first, firstAudio, second, secondAudio) = await CallWithTwoRecordingsAsync(browser);

        foreach (var sid in new[] { first, second })
        {
            using var prepared = await call.SendAsync(HttpMethod.Post, call.PreparePath + Query(sid), wait: 30);
            prepared.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordingSid").GetString().ShouldBe(sid);
        }

        using (var file = await call.SendAsync(HttpMethod.Get, call.FilePath + Query(second)))
        {
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(secondAudio);
        }

        using (var range = await call.SendAsync(HttpMethod.Get, call.FilePath + Query(first), range: "bytes=100-199"))
        {
            range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
            (await range.Content.ReadAsByteArrayAsync()).ShouldBe(firstAudio[100..200]);
        }

        using (var withoutSid = await call.GetFileAsync())
        {
            (await withoutSid.Content.ReadAsByteArrayAsync()).ShouldBe(firstAudio, "without a recording SID, the call's first recording (by start time)");
        }

        var status = await call.SendAsync(HttpMethod.Get, call.StatusPath + Query(second));
        (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordingSid").GetString().ShouldBe(second);

        var detail = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{call.CallSid}");
        var recordings = detail.GetProperty("recordings").EnumerateArray().ToList();
        recordings.Select(r => r.GetProperty("recordingSid").GetString()).ShouldBe([first, second], "in start order");
        recordings.Select(r => r.GetProperty("state").GetString()).ShouldBe(["ready", "ready"]);
        recordings[0].GetProperty("startedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        detail.GetProperty("recording").GetProperty("state").GetString().ShouldBe("ready");

        Factory.Twilio.RequestCount(first).ShouldBe(1);
        Factory.Twilio.RequestCount(second).ShouldBe(1);
    }

    [Fact]
    public async Task ARecordingSidThatIsNotOneOfTheCallsIsNotFoundAndAMalformedOneIsBadInput()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Parts", BusinessNumber);
        var (call, first, _, _, _) = await CallWithTwoRecordingsAsync(browser);
        var (_, stranger) = await AgentOfNewBusinessAsync("Stranger", "+15551238002");
        var elsewhere = "RE" + Guid.NewGuid().ToString("N");

        foreach (var (method, path) in new[] { (HttpMethod.Post, call.PreparePath), (HttpMethod.Get, call.FilePath), (HttpMethod.Get, call.StatusPath) })
        {
            using var unknown = await call.SendAsync(method, path + Query(elsewhere));
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");

            using var malformed = await call.SendAsync(method, path + "?recordingSid=RE123");
            await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");

            using var twice = await call.SendAsync(method, path + Query(first) + "&recordingSid=" + first);
            await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");

            using var request = new HttpRequestMessage(method, path + Query(first));
            using var otherBusiness = await stranger.SendAsync(request);
            await otherBusiness.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        }

        Factory.Twilio.RequestCount(elsewhere).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentCallbacksForTwoRecordingsOfANewCallKeepBothOnce()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Parts", BusinessNumber);
        var call = await RecordingScenario.CallAsync(Factory, browser, BusinessNumber);
        var sids = new[] { call.RecordingSid, "RE" + Guid.NewGuid().ToString("N") };
        var webhooks = new TwilioWebhookClient(Factory.CreateClient(), RecordingsApiFactory.AuthToken);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            webhooks.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(call.CallSid, sids[i % 2], origin: Factory.Twilio.BaseUrl))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE call_sid = '{call.CallSid}'")).ShouldBe(2);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE 'download-{call.CallSid}-%'"))
            .ShouldBeLessThanOrEqualTo(2, "one download job per recording at most");
    }

    [Fact]
    public async Task APartBeingPreparedPointsAtItsOwnStatus()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Parts", BusinessNumber);
        var audio = Audio(3, 20_000);
        ResponseGate gate = null!;
        var call = await RecordingScenario.AtTwilioAsync(Factory, browser, BusinessNumber, twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 1000));

        using (var prepared = await call.SendAsync(HttpMethod.Post, call.PreparePath + Query(call.RecordingSid)))
        {
            prepared.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            prepared.Headers.Location!.OriginalString.ShouldBe($"/api/recordings/{call.CallSid}?recordingSid={call.RecordingSid}");
        }

        using (var unnamed = await call.PrepareAsync())
        {
            unnamed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            unnamed.Headers.Location!.OriginalString.ShouldBe($"/api/recordings/{call.CallSid}", "as the contract says, for the call's first recording");
        }

        await gate.WaitUntilReachedAsync();
        gate.Release();
        (await call.WaitUntilSettledAsync()).ShouldBe("ready");
    }
}
