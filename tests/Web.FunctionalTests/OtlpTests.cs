using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Recordings.Infrastructure.Twilio;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// An OTLP receiver on loopback (HTTP, protobuf): it keeps the bodies the app posts to <c>/v1/traces</c> and
/// <c>/v1/metrics</c>, read as bytes (a span's name, attributes and trace id appear in them as written).
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    public OtlpReceiver()
    {
        var port = LoopbackPort.Free();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public IReadOnlyList<byte[]> Bodies(string path) => [.. _received.Where(r => r.Path == path).Select(r => r.Body)];

    /// <summary>What arrived, for a failure message.</summary>
    public override string ToString() =>
        string.Join(", ", _received.GroupBy(r => r.Path).Select(g => $"{g.Key}: {g.Count()} bodies, {g.Sum(r => r.Body.Length)} bytes"));

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}

/// <summary>The app with the standard OpenTelemetry variables set, pointing at <see cref="Receiver"/>.</summary>
public sealed class OtlpApiFactory : RecordingsApiFactory
{
    public OtlpReceiver Receiver { get; } = new();

    protected override string QuartzInstanceId => "otlp-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Url);
        builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100");
        builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Receiver.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OtlpCollection : ICollectionFixture<OtlpApiFactory>
{
    public const string Name = "otlp";
}

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the recording's webhook and its download job reach the receiver in one trace.</summary>
[Collection(OtlpCollection.Name)]
public sealed class OtlpTests(OtlpApiFactory factory) : IAsyncLifetime
{
    private const string BusinessNumber = "+15551230088";

    public Task InitializeAsync() => factory.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheWebhookAndTheDownloadJobAreExportedInOneTrace()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or Recordings.Infrastructure.Jobs.JobTracing.SourceName,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Otlp", BusinessNumber);
        var play = await RecordingScenario.CallAsync(factory, browser, BusinessNumber);
        play.AtTwilio.Serves([1, 2, 3, 4, 5, 6, 7, 8]);
        var traceId = ActivityTraceId.CreateRandom();
        var fields = TwilioWebhookClient.RecordingStatus(play.CallSid, play.RecordingSid, origin: factory.Twilio.BaseUrl);
        // The app's HttpClient instrumentation listens in this process too: the test's own client must not replace the
        // webhook's traceparent with one of its own.
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = factory.BaseAddress };
        var url = new Uri(http.BaseAddress!, TwilioWebhookClient.RecordingStatusPath).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, TwilioWebhookClient.RecordingStatusPath) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequestValidator.ComputeSignature(RecordingsApiFactory.AuthToken, url, fields));
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");

        var traceBytes = Convert.FromHexString(traceId.ToHexString());
        var recording = Encoding.UTF8.GetBytes(play.RecordingSid);
        var downloadJob = Encoding.UTF8.GetBytes("download job");
        var webhookRoute = Encoding.UTF8.GetBytes("api/webhooks/twilio/recording-status");
        string Found()
        {
            var webhook = stopped.Where(a => a.DisplayName.Contains("recording-status", StringComparison.Ordinal))
                .Select(a => $"{a.DisplayName} {a.TraceId} parent {a.ParentId}");
            var jobs = stopped.Where(a => a.OperationName == "download job").Select(a => $"{a.TraceId} parent {a.ParentSpanId}");
            var traces = factory.Receiver.Bodies("/v1/traces");
            return $"sent {traceId}; webhook spans [{string.Join("; ", webhook)}]; download jobs [{string.Join("; ", jobs)}]; " +
                $"trace id in {traces.Count(b => Contains(b, traceBytes))}, download job in {traces.Count(b => Contains(b, downloadJob))}, "
                + $"recording in {traces.Count(b => Contains(b, recording))}, route in {traces.Count(b => Contains(b, webhookRoute))} of {traces.Count} bodies";
        }

        await Eventually.TrueAsync(() =>
        {
            var traces = factory.Receiver.Bodies("/v1/traces");
            return traces.Any(b => Contains(b, downloadJob) && Contains(b, recording) && Contains(b, traceBytes))
                && traces.Any(b => Contains(b, webhookRoute) && Contains(b, traceBytes));
        }, "the webhook's span and the download job's span, in the webhook's trace, at the OTLP receiver", TimeSpan.FromSeconds(30))
            .ContinueWith(t => t.IsFaulted ? throw new InvalidOperationException(Found(), t.Exception) : t, TaskScheduler.Default).Unwrap();
        await Eventually.TrueAsync(
            () => factory.Receiver.Bodies("/v1/metrics").Any(b => Contains(b, Encoding.UTF8.GetBytes("recordings.downloads"))),
            "the metrics at the OTLP receiver", TimeSpan.FromSeconds(30));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
