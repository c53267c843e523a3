using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Insight over real HTTP: a dual-channel recording is asked of Twilio in both channels, measured once after its
/// download, and its metrics, silences and peaks answered to the call's agents.
/// </summary>
public sealed class InsightTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551234001";

    /// <summary>A call whose dual-channel recording (<see cref="TwoSpeakerAudio"/>) has been downloaded and measured.</summary>
    private async Task<RecordingScenario> MeasuredTwoSpeakerCallAsync(HttpClient browser)
    {
        var call = await RecordingScenario.DualChannelAsync(Factory, browser, BusinessNumber, await TwoSpeakerAudio.Mp3Async(), durationSeconds: 20);
        await Eventually.TrueAsync(async () =>
            await Factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE call_sid = '{call.CallSid}' AND analyzed_at IS NOT NULL") == 1,
            "the recording to be measured");
        return call;
    }

    [Fact]
    public async Task ADualChannelRecordingIsAskedInBothChannelsMeasuredOnceAndItsPeaksServedPerSpeaker()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var call = await MeasuredTwoSpeakerCallAsync(browser);
        var detail = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{call.CallSid}");

        Factory.Twilio.RequestsFor(call.RecordingSid).ShouldHaveSingleItem().Query.ShouldBe("?RequestedChannels=2");
        var talk = detail.GetProperty("metrics").GetProperty("talkSeconds");
        talk.GetProperty("customer").GetDouble().ShouldBeInRange(1.6, 3.2);
        talk.GetProperty("agent").GetDouble().ShouldBeInRange(3.0, 4.4);
        talk.TryGetProperty("all", out _).ShouldBeFalse("a dual-channel recording is measured per speaker");
        detail.GetProperty("silences").GetArrayLength().ShouldBe(2);
        var part = detail.GetProperty("recordings").EnumerateArray().ShouldHaveSingleItem();
        part.GetProperty("metrics").GetProperty("talkSeconds").GetProperty("agent").GetDouble().ShouldBe(talk.GetProperty("agent").GetDouble());
        part.GetProperty("silences").GetArrayLength().ShouldBe(2, "each recording has its own silences for the player");

        using var response = await browser.GetAsync($"/api/recordings/{call.CallSid}/peaks?buckets=100");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var peaks = await response.Content.ReadFromJsonAsync<JsonElement>();
        peaks.GetProperty("durationSeconds").GetDouble().ShouldBe(20, tolerance: 0.2);
        var lanes = peaks.GetProperty("channels").EnumerateArray().ToList();
        lanes.Select(l => l.GetProperty("speaker").GetString()).ShouldBe(["customer", "agent"]);
        var agent = lanes[1].GetProperty("peaks").EnumerateArray().Select(p => p.GetDouble()).ToList();
        agent.Count.ShouldBe(100);
        agent.ShouldAllBe(p => p >= 0 && p <= 1);
        agent.Skip(41).Take(15).Max().ShouldBeGreaterThan(0.1, "the agent speaks from 8 s (bucket 40)");
        agent.Skip(5).Take(10).Max().ShouldBeLessThan(0.02, "and is silent while the customer speaks");
    }

    /// <summary>
    /// Twilio's callbacks say 31 s (or 0) for an 11 s file with sound at 7 s and near its end: once the audio is
    /// measured, the call and its recording last as long as the audio, and the waveform has the sound where it is.
    /// </summary>
    [Theory]
    [InlineData("31")]
    [InlineData("0")]
    public async Task DurationsAndTheWaveformFollowTheAudioNotWhatTheCallbacksSaid(string stated)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        Factory.Twilio.Recording(recordingSid).Serves(await BurstAudio.Mp3Async(11, (7.0, 7.5), (10.2, 10.6)));
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, RecordingScenario.Customer, BusinessNumber, duration: stated)))
            .EnsureSuccessStatusCode();
        var fields = TwilioWebhookClient.RecordingStatus(callSid, recordingSid, origin: Factory.Twilio.BaseUrl);
        fields["RecordingDuration"] = stated;
        (await Twilio.RecordingStatusAsync(fields)).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () =>
            await Factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE call_sid = '{callSid}' AND analyzed_at IS NOT NULL") == 1,
            "the recording to be measured");

        var detail = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        detail.GetProperty("durationSeconds").GetInt32().ShouldBe(11, "the call lasts as long as its audio");
        detail.GetProperty("recording").GetProperty("durationSeconds").GetInt32().ShouldBe(11);
        detail.GetProperty("recordings")[0].GetProperty("durationSeconds").GetInt32().ShouldBe(11);
        var list = await browser.GetFromJsonAsync<JsonElement>("/api/calls");
        list.GetProperty("items")[0].GetProperty("durationSeconds").GetInt32().ShouldBe(11);
        (await new RecordingScenario(Factory, browser, callSid, recordingSid).StatusAsync()).GetProperty("durationSeconds").GetInt32().ShouldBe(11);

        using var response = await browser.GetAsync($"/api/recordings/{callSid}/peaks?buckets=110");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var peaks = await response.Content.ReadFromJsonAsync<JsonElement>();
        peaks.GetProperty("durationSeconds").GetDouble().ShouldBe(11, tolerance: 0.05);
        var lane = peaks.GetProperty("channels").EnumerateArray().ShouldHaveSingleItem().GetProperty("peaks").EnumerateArray().Select(p => p.GetDouble()).ToList();
        lane.Count.ShouldBe(110, "a bucket is 0.1 s of this recording");
        lane.Take(69).Max().ShouldBeLessThan(0.02, "nothing before 6.9 s");
        lane.Skip(70).Take(5).Min().ShouldBeGreaterThan(0.5, "the burst from 7 to 7.5 s");
        lane.Skip(76).Take(25).Max().ShouldBeLessThan(0.02, "nothing from 7.6 to 10.1 s");
        lane.Skip(102).Take(4).Min().ShouldBeGreaterThan(0.5, "the burst from 10.2 to 10.6 s");
        lane.Skip(107).Max().ShouldBeLessThan(0.02, "and nothing after it, to the end of the bar");
    }

    [Theory]
    [InlineData("buckets=49")]
    [InlineData("buckets=4001")]
    [InlineData("buckets=many")]
    [InlineData("recordingSid=RE12")]
    public async Task BadPeaksRequestsAreABadRequest(string query)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var call = await RecordingScenario.CallAsync(Factory, browser, BusinessNumber);

        using var response = await browser.GetAsync($"/api/recordings/{call.CallSid}/peaks?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PeaksOfARecordingStillAtTwilioArePendingAndOfNoRecordingNotFound()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var atTwilio = await RecordingScenario.AtTwilioAsync(Factory, browser, BusinessNumber, twilio => twilio.AlwaysFails(503));
        var none = await RecordingScenario.CallAsync(Factory, browser, BusinessNumber);

        using (var pending = await browser.GetAsync($"/api/recordings/{atTwilio.CallSid}/peaks"))
        {
            pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            pending.Headers.RetryAfter.ShouldNotBeNull();
        }

        using var missing = await browser.GetAsync($"/api/recordings/{none.CallSid}/peaks");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
    }

    [Fact]
    public async Task TheCallsListShowsTheTalkOfEachSpeakerAndSortsAndFiltersBySilence()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var measured = await MeasuredTwoSpeakerCallAsync(browser);
        var newer = await RecordingScenario.CallAsync(Factory, browser, BusinessNumber);

        var newest = await browser.GetFromJsonAsync<JsonElement>("/api/calls");
        var bySilence = await browser.GetFromJsonAsync<JsonElement>("/api/calls?sort=silence");
        var silent = await browser.GetFromJsonAsync<JsonElement>("/api/calls?minSilence=10");
        var verySilent = await browser.GetFromJsonAsync<JsonElement>("/api/calls?minSilence=60");

        static List<string?> Sids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callSid").GetString())];
        Sids(newest).ShouldBe([newer.CallSid, measured.CallSid]);
        Sids(bySilence).ShouldBe([measured.CallSid, newer.CallSid], "a measured call's silence before a call not measured");
        Sids(silent).ShouldBe([measured.CallSid], "about 12 s of silence: 4.4 s between the two and 8 s at the end");
        silent.GetProperty("total").GetInt32().ShouldBe(1);
        Sids(verySilent).ShouldBeEmpty();
        var insight = bySilence.GetProperty("items")[0].GetProperty("insight");
        insight.GetProperty("agentTalkSeconds").GetDouble().ShouldBeInRange(3.0, 4.4);
        insight.GetProperty("customerTalkSeconds").GetDouble().ShouldBeInRange(1.6, 3.2);
        insight.GetProperty("silenceSeconds").GetDouble().ShouldBeInRange(10, 14);
        bySilence.GetProperty("items")[1].TryGetProperty("insight", out var none).ShouldBeTrue();
        none.ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("sort=loudest", "sort")]
    [InlineData("minSilence=-1", "minSilence")]
    [InlineData("minSilence=lots", "minSilence")]
    public async Task AnUnknownOrderOrABadSilenceIsABadRequest(string query, string field)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);

        using var response = await browser.GetAsync($"/api/calls?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field, Case.Insensitive);
    }

    [Fact]
    public async Task ARecordingThatIsNotAudioHasAnEmptyWaveformOnceTriedAndNoMetrics()
    {
        var notAudio = new byte[6000];
        new Random(11).NextBytes(notAudio);
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber, twilio => twilio.Serves(notAudio));

        JsonElement peaks = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await browser.GetAsync($"/api/recordings/{play.CallSid}/peaks");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            peaks = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, "the recording to be tried");

        peaks.GetProperty("channels").GetArrayLength().ShouldBe(0, "nothing could be measured, nothing is drawn");
        var detail = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{play.CallSid}");
        detail.GetProperty("metrics").ValueKind.ShouldBe(JsonValueKind.Null);
        // The job's row goes once the job has returned, a moment after the peaks were saved: waited for, not read at once.
        await Eventually.TrueAsync(async () =>
            await Factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE 'analyze-{play.CallSid}%'") == 0,
            "the analysis job to end");
        Factory.Logs.WarningsAndErrors().ShouldNotContain(line => line.Contains($"analyze job of {play.CallSid}", StringComparison.Ordinal),
            "the analysis is not retried");
    }

    [Fact]
    public async Task AReadyRecordingNeverMeasuredWhoseJobIsGoneIsMeasuredByTheSweepNotByAPeaksRead()
    {
        var audio = await TwoSpeakerAudio.Mp3Async();
        var (_, browser) = await AgentOfNewBusinessAsync("Insight", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber, twilio => twilio.Serves(audio));
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        await Factory.JobsOfCallEndedAsync(play.CallSid);
        // Stored, never measured, no analysis job: what a lost schedule leaves behind.
        await Factory.QueryAsync<int>($"DELETE FROM recording_peaks WHERE recording_sid = '{play.RecordingSid}' RETURNING 1");
        await Factory.QueryAsync<int>($"UPDATE call_recordings SET analyzed_at = NULL WHERE recording_sid = '{play.RecordingSid}' RETURNING 1");

        using (var pending = await browser.GetAsync($"/api/recordings/{play.CallSid}/peaks"))
        {
            pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await Factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE 'analyze-{play.CallSid}%'"))
            .ShouldBe(0, "a peaks read only reads");

        (await Factory.HealAsync()).ShouldBeGreaterThanOrEqualTo(1);

        await Eventually.TrueAsync(async () =>
        {
            using var response = await browser.GetAsync($"/api/recordings/{play.CallSid}/peaks");
            return response.StatusCode == HttpStatusCode.OK;
        }, "the sweep's analysis job to measure the recording");
    }
}
