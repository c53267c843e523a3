using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The bridge from OpenTelemetry's SDK to Prometheus' text format, on instruments of a meter of its own (no app): names,
/// units and <c>_total</c>, types, labels escaped, histogram buckets cumulative with <c>+Inf</c>, <c>_sum</c> and
/// <c>_count</c>. (Prometheus itself reads it in <see cref="MetricsTests"/>.)
/// </summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void InstrumentsArePrintedInPrometheusTextFormat()
    {
        using var meter = new Meter("PrometheusTextTests." + Guid.NewGuid().ToString("N"));
        var exporter = new PrometheusText();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(exporter.Reader).Build();
        var downloads = meter.CreateCounter<long>("recordings.downloads", unit: "{download}", description: "Downloads by outcome");
        var latency = meter.CreateHistogram("recordings.webhook_to_playable", unit: "s", description: "Seconds",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10] });
        meter.CreateObservableGauge("recordings.oldest_waiting_download.age", () => 12.5, unit: "s");
        var answers = meter.CreateCounter<long>("recordings.twilio.responses");

        downloads.Add(2, new KeyValuePair<string, object?>("outcome", "ready"));
        downloads.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        latency.Record(0.5);
        latency.Record(5);
        latency.Record(50);
        answers.Add(1, new KeyValuePair<string, object?>("note", "a \"quoted\"\\ value\nwith a line"));

        var lines = exporter.Scrape().Split('\n');

        lines.ShouldContain("# TYPE recordings_downloads counter");
        lines.ShouldContain("# HELP recordings_downloads Downloads by outcome");
        lines.ShouldContain("recordings_downloads_total{outcome=\"ready\"} 2");
        lines.ShouldContain("recordings_downloads_total{outcome=\"failed\"} 1");
        lines.ShouldContain("# TYPE recordings_webhook_to_playable_seconds histogram");
        lines.ShouldContain("recordings_webhook_to_playable_seconds_bucket{le=\"1\"} 1");
        lines.ShouldContain("recordings_webhook_to_playable_seconds_bucket{le=\"10\"} 2");
        lines.ShouldContain("recordings_webhook_to_playable_seconds_bucket{le=\"+Inf\"} 3");
        lines.ShouldContain("recordings_webhook_to_playable_seconds_sum 55.5");
        lines.ShouldContain("recordings_webhook_to_playable_seconds_count 3");
        lines.ShouldContain("# TYPE recordings_oldest_waiting_download_age_seconds gauge");
        lines.ShouldContain("recordings_oldest_waiting_download_age_seconds 12.5");
        lines.ShouldContain("recordings_twilio_responses_total{note=\"a \\\"quoted\\\"\\\\ value\\nwith a line\"} 1");

        // Cumulative: a second scrape adds to the first.
        downloads.Add(1, new KeyValuePair<string, object?>("outcome", "ready"));
        exporter.Scrape().Split('\n').ShouldContain("recordings_downloads_total{outcome=\"ready\"} 3");
    }
}
