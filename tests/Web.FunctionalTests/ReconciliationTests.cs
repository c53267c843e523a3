using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Jobs;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// No recording silently lost: a sweep lists Twilio's recordings (the simulated Twilio's REST API) and treats each one
/// the app does not know like its lost callback. The tests run the sweep's command as its Quartz job does.
/// </summary>
public sealed class ReconciliationTests : ApiTest
{
    public ReconciliationTests(RecordingsApiFactory factory)
        : base(factory) =>
        // Each test starts with an empty database, and Twilio lists only what the test puts there.
        Factory.Twilio.ForgetRestApiData();

    private static byte[] Audio(int seed)
    {
        var audio = new byte[40_000];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    private async Task<ReconciliationReport> ReconcileAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReconcileRecordingsCommand());
    }

    private void ListAtTwilio(string callSid, string recordingSid, byte[] audio)
    {
        Factory.Twilio.ListRecording(new SimulatedListedRecording(recordingSid, callSid, DateTimeOffset.UtcNow.AddMinutes(-5), Duration: 31));
        Factory.Twilio.Recording(recordingSid).Serves(audio);
    }

    [Fact]
    public async Task ALostRecordingCallbackIsBackfilledOnceAndALateCallbackChangesNothing()
    {
        var audio = Audio(1);
        var (_, browser) = await AgentOfNewBusinessAsync("Backfill", "+15551239001");
        var play = await RecordingScenario.CallAsync(Factory, browser, "+15551239001");
        ListAtTwilio(play.CallSid, play.RecordingSid, audio);

        var report = await ReconcileAsync();

        report.Backfilled.ShouldBe(1);
        report.Errors.ShouldBeEmpty();
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var file = await play.GetFileAsync())
        {
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        }

        (await ReconcileAsync()).Backfilled.ShouldBe(0, "a known recording is not imported again");
        var webhooks = new TwilioWebhookClient(Factory.CreateClient(), RecordingsApiFactory.AuthToken);
        (await webhooks.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(play.CallSid, play.RecordingSid, origin: Factory.Twilio.BaseUrl)))
            .EnsureSuccessStatusCode();
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("ready");
        play.TwilioRequests.ShouldBe(1, "one download, whatever arrived later");
    }

    [Fact]
    public async Task ACallKnownOnlyToTwilioIsBackfilledIntoItsBusinessAndNoOtherSeesIt()
    {
        var (_, owner) = await AgentOfNewBusinessAsync("Owner", "+15551239002");
        var (_, stranger) = await AgentOfNewBusinessAsync("Stranger", "+15551239003");
        var (callSid, recordingSid) = ("CA" + Guid.NewGuid().ToString("N"), "RE" + Guid.NewGuid().ToString("N"));
        Factory.Twilio.KnowCall(new SimulatedCall(callSid, "+972501234567", "+15551239002", DateTimeOffset.UtcNow.AddMinutes(-10), Duration: 42));
        ListAtTwilio(callSid, recordingSid, Audio(2));

        (await ReconcileAsync()).Backfilled.ShouldBe(1);

        using var call = await owner.GetAsync($"/api/calls/{callSid}");
        call.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await call.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("from").GetString().ShouldBe("+972501234567");
        body.GetProperty("durationSeconds").GetInt32().ShouldBe(42);
        (await stranger.GetAsync($"/api/calls/{callSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/recordings/file/{callSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACallKnownOnlyToTwilioIsAttributedByItsLegsLikeItsCallbacksWouldHave()
    {
        var (business, owner) = await AgentOfNewBusinessAsync("Legs", "+15551239004");
        var agentId = await Factory.QueryAsync<Guid>("SELECT id FROM agents WHERE email = 'agent@legs.example'");
        await Factory.QueryAsync<int>($"""
            INSERT INTO account_identities (business_id, identity, account_id) VALUES ('{business.Id}', 'client:legs', '{agentId}') RETURNING 1
            """);
        var (callSid, legSid, recordingSid) = ("CA" + Guid.NewGuid().ToString("N"), "CA" + Guid.NewGuid().ToString("N"), "RE" + Guid.NewGuid().ToString("N"));
        var started = DateTimeOffset.UtcNow.AddMinutes(-10);
        Factory.Twilio.KnowCall(new SimulatedCall(callSid, "+972501234567", "+15551239004", started, Duration: 42));
        Factory.Twilio.KnowCall(new SimulatedCall(legSid, "+15551239004", "client:legs", started.AddSeconds(3), "outbound-dial", Duration: 39,
            ParentCallSid: callSid));
        ListAtTwilio(callSid, recordingSid, Audio(4));

        (await ReconcileAsync()).Backfilled.ShouldBe(1);

        var body = await (await owner.GetAsync($"/api/calls/{callSid}")).Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([agentId]);
        (await owner.GetAsync($"/api/calls/{legSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a leg is not a call of its own");
    }

    [Fact]
    public async Task ARecordingForANumberNoBusinessOwnsIsKeptWithoutABusinessAndCounted()
    {
        var (callSid, recordingSid) = ("CA" + Guid.NewGuid().ToString("N"), "RE" + Guid.NewGuid().ToString("N"));
        Factory.Twilio.KnowCall(new SimulatedCall(callSid, "+972501234567", "+15551239999", DateTimeOffset.UtcNow.AddMinutes(-10)));
        ListAtTwilio(callSid, recordingSid, Audio(3));

        var report = await ReconcileAsync();

        report.Unattributed.ShouldBeGreaterThanOrEqualTo(1);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM calls WHERE call_sid = '{callSid}' AND business_id IS NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task TwilioDownDuringASweepIsReportedAndTheNextSweepCatchesUp()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Outage", "+15551239004");
        var play = await RecordingScenario.CallAsync(Factory, browser, "+15551239004");
        ListAtTwilio(play.CallSid, play.RecordingSid, Audio(4));
        Factory.Twilio.FailNextRestRequests(10, 503);

        var failed = await ReconcileAsync();

        failed.Errors.ShouldHaveSingleItem().ShouldStartWith("Listing Twilio's recordings failed: ");
        failed.Backfilled.ShouldBe(0);
        using var admin = Factory.CreateAdmin();
        var shown = await admin.GetFromJsonAsync<JsonElement>("/api/admin/reconciliation");
        shown.GetProperty("errors").GetArrayLength().ShouldBe(1);
        shown.GetProperty("lastRunAt").GetDateTimeOffset().ShouldBe(failed.RanAt, TimeSpan.FromMilliseconds(1));

        Factory.Twilio.FailNextRestRequests(0, 503);
        var caughtUp = await ReconcileAsync();
        caughtUp.Errors.ShouldBeEmpty();
        caughtUp.Backfilled.ShouldBeGreaterThanOrEqualTo(1);
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldNotBe("missing");
    }

    [Fact]
    public async Task TheReportIsForOperatorsOnly()
    {
        using var anonymous = Factory.CreateClient();

        (await anonymous.GetAsync("/api/admin/reconciliation")).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        (await anonymous.PostAsync("/api/admin/reconciliation/run", null)).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
    }

    /// <summary>Runs the sweep through the admin API, as an operator or the benchmark does.</summary>
    private async Task<JsonElement> RunAsync()
    {
        using var admin = Factory.CreateAdmin();
        using var response = await admin.PostAsync("/api/admin/reconciliation/run", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The lower bound of each list request the simulated Twilio received (Twilio's <c>DateCreated&gt;</c>).</summary>
    private List<DateTimeOffset> ListedAfter() =>
        [.. Factory.Twilio.RecordingListRequests
            .Select(q => System.Web.HttpUtility.ParseQueryString(q)["DateCreated>"])
            .Select(v => DateTimeOffset.Parse(v!, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task ASweepListsOnlyFromItsWatermarkMinusTheOverlapAndAFailedPageLeavesTheWatermarkWhereItWas()
    {
        // 150 recordings Twilio lists (two pages), still processing: listed, nothing to check or import.
        for (var i = 0; i < 150; i++)
        {
            Factory.Twilio.ListRecording(new SimulatedListedRecording($"RE{i:x32}", $"CA{i:x32}", DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(i), Status: "processing"));
        }

        var before = DateTimeOffset.UtcNow;
        var first = await RunAsync();

        first.GetProperty("listed").GetInt32().ShouldBe(150);
        first.GetProperty("errors").GetArrayLength().ShouldBe(0);
        ListedAfter().Distinct().ShouldHaveSingleItem().ShouldBe(before.AddDays(-2), TimeSpan.FromSeconds(5), "no watermark yet: the lookback");
        var watermark = first.GetProperty("watermark").GetDateTimeOffset();
        watermark.ShouldBe(before, TimeSpan.FromSeconds(5));
        Factory.Twilio.RecordingListRequests.Count.ShouldBe(2, "every page of the lookback");

        Factory.Twilio.ClearRecordingListRequests();
        var second = await RunAsync();

        ListedAfter().Distinct().ShouldHaveSingleItem().ShouldBe(watermark.AddMinutes(-10), "from the watermark minus Twilio:ReconcileOverlap");
        second.GetProperty("listedFrom").GetDateTimeOffset().ShouldBe(watermark.AddMinutes(-10));
        second.GetProperty("listed").GetInt32().ShouldBe(0, "nothing was created since");
        var secondWatermark = second.GetProperty("watermark").GetDateTimeOffset();
        secondWatermark.ShouldBeGreaterThanOrEqualTo(watermark);

        // A recording that became visible late, and a second page Twilio keeps failing on.
        for (var i = 0; i < 120; i++)
        {
            Factory.Twilio.ListRecording(new SimulatedListedRecording($"RE{i + 1000:x32}", $"CA{i + 1000:x32}", secondWatermark.AddMinutes(-2), Status: "processing"));
        }

        Factory.Twilio.FailRecordingListPage(1);
        var failed = await RunAsync();

        failed.GetProperty("errors")[0].GetString()!.ShouldStartWith("Listing Twilio's recordings failed");
        failed.GetProperty("watermark").GetDateTimeOffset().ShouldBe(secondWatermark, "the range was not fully listed");
        using var admin = Factory.CreateAdmin();
        var shown = await admin.GetFromJsonAsync<JsonElement>("/api/admin/reconciliation");
        shown.GetProperty("watermark").GetDateTimeOffset().ShouldBe(secondWatermark);
        shown.GetProperty("listed").GetInt32().ShouldBe(100, "the first page was listed");
    }

    [Fact]
    public async Task TheSweepIsInTheSharedScheduleEveryReconcileInterval()
    {
        var scheduler = await Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = (await scheduler.GetTrigger(ReconcileRecordingsJob.TriggerKey)).ShouldBeAssignableTo<ISimpleTrigger>().ShouldNotBeNull();

        trigger.RepeatInterval.ShouldBe(TimeSpan.FromMinutes(15));
        trigger.JobKey.ShouldBe(ReconcileRecordingsJob.Key);
    }

    /// <summary>
    /// What the benchmark does at 100,000: many recordings listed at once through the simulated Twilio's bench route,
    /// the same SIDs cloned in SQL from one real call (so every one is known), then one run on demand: all checked, a
    /// query per page, none missing, and the run's time in its report.
    /// </summary>
    [Fact]
    public async Task ManyListedRecordingsTheAppKnowsAreCheckedAPageAtATimeAndNoneIsImported()
    {
        const int Count = 1_000;
        var (_, browser) = await AgentOfNewBusinessAsync("Bench", "+15551239005");
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, "+15551239005", twilio => twilio.Serves(Audio(5)));
        await Factory.QueryAsync<int>(CloneCallSql("calls", play.CallSid, Count) + CloneCallSql("call_recordings", play.CallSid, Count) + "SELECT 1");
        using (var twilio = new HttpClient { BaseAddress = new Uri(Factory.Twilio.BaseUrl) })
        {
            twilio.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(Factory.Twilio.ExpectedAuthorization);
            var createdFrom = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            using var listed = await twilio.PostAsync(
                $"{SimulatedTwilio.BenchListingPath}?first=0&count={Count}&createdFrom={Uri.EscapeDataString(createdFrom)}&spacingMs=1000", null);
            listed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var report = await RunAsync();

        report.GetProperty("listed").GetInt32().ShouldBe(Count);
        report.GetProperty("checked").GetInt32().ShouldBe(Count);
        report.GetProperty("missing").GetInt32().ShouldBe(0);
        report.GetProperty("backfilled").GetInt32().ShouldBe(0);
        report.GetProperty("lastRunSeconds").GetDouble().ShouldBeGreaterThan(0);
        Factory.Twilio.RecordingListRequests.Count.ShouldBe(Count / 100);
    }

    /// <summary>
    /// Clones the rows of <paramref name="table"/> of one call <paramref name="count"/> times, the SIDs <c>CA</c>/<c>RE</c>
    /// + the index in 32 hex digits (the simulated Twilio's bench listing), every other column as it is (the generated
    /// ones are computed again).
    /// </summary>
    private static string CloneCallSql(string table, string callSid, int count) => $$"""
        DO $$
        DECLARE cols text; sel text;
        BEGIN
          SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
                 string_agg(CASE column_name
                              WHEN 'call_sid' THEN $s$'CA' || lpad(to_hex(i), 32, '0')$s$
                              WHEN 'recording_sid' THEN $s$'RE' || lpad(to_hex(i), 32, '0')$s$
                              ELSE quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
            INTO cols, sel FROM information_schema.columns WHERE table_name = '{{table}}' AND is_generated = 'NEVER';
          EXECUTE format('INSERT INTO {{table}} (%s) SELECT %s FROM {{table}}, generate_series(0, {{count - 1}}) AS i WHERE call_sid = %L', cols, sel, '{{callSid}}');
        END $$;
        """;
}
