using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Twilio;
using Recordings.Web.FunctionalTests.Support;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.FunctionalTests;

/// <summary>The app with its metrics listener on (a free loopback port) and the database figures refreshed often.</summary>
public sealed class MetricsApiFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "metrics-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("Metrics:Url", "http://127.0.0.1:0");
        builder.UseSetting("Metrics:DatabaseRefreshInterval", "00:00:00.200");
    }

    /// <summary>Where the app serves <c>/metrics</c>.</summary>
    public Uri MetricsAddress => Services.GetRequiredService<MetricsListener>().Address
        ?? throw new InvalidOperationException("The metrics listener is off.");
}

[CollectionDefinition(Name)]
public sealed class MetricsCollection : ICollectionFixture<MetricsApiFactory>
{
    public const string Name = "metrics";
}

/// <summary>
/// A real Prometheus (Debian's) scrapes the app's metrics listener every second while one recording goes through
/// webhooks, a 429 from Twilio and a download; its query API shows the domain's metrics appear and move. Also: the
/// webhook's trace context is the parent of the recording's download job (one trace per recording).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsApiFactory factory) : IAsyncLifetime
{
    private const string BusinessNumber = "+15551230077";
    private static readonly byte[] Audio = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];

    public Task InitializeAsync() => factory.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PrometheusScrapesTheDomainMetricsAndSeesThemMoveAsARecordingBecomesPlayable()
    {
        await using var prometheus = await PrometheusProcess.StartAsync(factory.MetricsAddress);
        (await prometheus.AlertNamesAsync()).ShouldContain("RecordingWaitingTooLong", "deploy/alerts.yml is loaded");
        await prometheus.WaitForAsync("up{job=\"recordings\"}", up => up == 1, "Prometheus to scrape the app");
        await prometheus.WaitForAsync("recordings_by_state{state=\"ready\"}", ready => ready == 0, "no recording ready yet");

        // Counters are process-wide (other apps of the suite download too): what this test adds is measured from here.
        var readyBefore = await prometheus.ValueAsync("recordings_downloads_total{outcome=\"ready\"}") ?? 0;
        var tooManyBefore = await prometheus.ValueAsync("recordings_twilio_responses_total{api=\"media\",status=\"429\"}") ?? 0;
        var playableBefore = await prometheus.ValueAsync("recordings_webhook_to_playable_seconds_count") ?? 0;

        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Metrics", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(factory, browser, BusinessNumber,
            twilio => twilio.Then(TwilioResponse.TooManyRequests(0)).Serves(Audio));
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");

        await prometheus.WaitForAsync("recordings_by_state{state=\"ready\"}", ready => ready == 1, "the recording counted ready");
        await prometheus.WaitForAsync("sum(recordings_by_state{state=~\"queued|downloading\"})", waiting => waiting == 0,
            "no recording left waiting");
        await prometheus.WaitForAsync("recordings_downloads_total{outcome=\"ready\"}", ready => ready > readyBefore, "the download counted");
        await prometheus.WaitForAsync("recordings_twilio_responses_total{api=\"media\",status=\"429\"}", n => n > tooManyBefore, "Twilio's 429 counted");
        await prometheus.WaitForAsync("recordings_twilio_responses_total{api=\"media\",status=\"200\"}", n => n >= 1, "Twilio's 200 counted");
        await prometheus.WaitForAsync("recordings_webhook_to_playable_seconds_count", n => n > playableBefore, "webhook-to-playable observed");
        await prometheus.WaitForAsync("recordings_webhook_to_playable_seconds_bucket{le=\"+Inf\"}", n => n > playableBefore, "its buckets");
        await prometheus.WaitForAsync("recordings_oldest_waiting_download_age_seconds", age => age == 0, "nothing waits");
        await prometheus.WaitForAsync("recordings_lost_only_copies", lost => lost == 0, "no only copy lost");
        await prometheus.WaitForAsync("recordings_audit_queue_length", length => length >= 0, "the audit queue's length");
        await prometheus.WaitForAsync(
            "sum(http_server_request_duration_seconds_count{http_route=\"api/webhooks/twilio/recording-status\",http_response_status_code=\"204\"})",
            n => n >= 1, "the webhook's request duration, by route and status");
        await prometheus.WaitForAsync("sum(db_client_operation_duration_seconds_count)", n => n > 0, "database operations (Npgsql)");
        await prometheus.WaitForAsync("sum(http_client_request_duration_seconds_count)", n => n > 0, "HttpClient requests");
        await prometheus.WaitForAsync("dotnet_process_memory_working_set_bytes", bytes => bytes > 0, "the runtime's metrics");

        // Every expression of the shipped Grafana dashboard is valid PromQL for this Prometheus, and the panels of
        // what happened here have data.
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
        expressions.Count.ShouldBeGreaterThan(15);
        foreach (var expression in expressions)
        {
            await prometheus.QueryAsync(expression); // fails on a query Prometheus refuses
        }

        (await prometheus.QueryAsync("max by (state) (recordings_by_state)")).Count.ShouldBe(7, "every state is reported");
    }

    [Fact]
    public async Task TheWebhooksTraceContextIsTheParentOfTheRecordingsDownloadJob()
    {
        var jobs = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            // ASP.NET Core starts a request's activity (from its traceparent) only when someone listens.
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or Recordings.Infrastructure.Jobs.JobTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == Recordings.Infrastructure.Jobs.JobTracing.SourceName)
                {
                    jobs.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Traced", BusinessNumber);
        var play = await RecordingScenario.CallAsync(factory, browser, BusinessNumber);
        play.AtTwilio.Serves(Audio);
        var traceId = ActivityTraceId.CreateRandom();
        var fields = TwilioWebhookClient.RecordingStatus(play.CallSid, play.RecordingSid, origin: factory.Twilio.BaseUrl);
        // Another app of the suite may run OpenTelemetry's HttpClient instrumentation in this process: this client must
        // not replace the webhook's traceparent with one of its own.
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = factory.BaseAddress };
        var url = new Uri(http.BaseAddress!, TwilioWebhookClient.RecordingStatusPath).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, TwilioWebhookClient.RecordingStatusPath) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequestValidator.ComputeSignature(RecordingsApiFactory.AuthToken, url, fields));
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        await Eventually.TrueAsync(() => jobs.Any(IsDownloadOf(play.RecordingSid)), "the download job's span to end");

        var download = jobs.First(IsDownloadOf(play.RecordingSid));
        download.TraceId.ShouldBe(traceId, "the download job belongs to the webhook's trace");
        download.ParentSpanId.ShouldNotBe(default);
        download.GetTagItem("recordings.call_sid").ShouldBe(play.CallSid);
        download.GetTagItem("recordings.attempt").ShouldBe(1);
    }

    private static Func<Activity, bool> IsDownloadOf(string recordingSid) => activity =>
        activity.OperationName == "download job" && (string?)activity.GetTagItem("recordings.recording_sid") == recordingSid;
}
