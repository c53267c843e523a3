using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Recordings.Application.Common.Metrics;

namespace Recordings.Application.UnitTests.Common;

/// <summary>
/// The product's instruments as a listener sees them (what the Prometheus bridge and OTLP read): names, values and
/// labels, with status codes as a bounded set of label values and the real-time factor as a ratio.
/// </summary>
public sealed class RecordingsMetricsTests : IDisposable
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();
    private readonly MeterListener _listener = new();

    public RecordingsMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == RecordingsMetrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _measured.Enqueue((i.Name, v, ToDictionary(tags))));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _measured.Enqueue((i.Name, v, ToDictionary(tags))));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    // Instruments are process-wide: other tests may count meanwhile, so each test looks for its own label values.
    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument, string tag, object value) =>
        [.. _measured.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value))];

    [Theory]
    [InlineData(429, "429")]
    [InlineData(200, "200")]
    [InlineData(418, "4xx")]
    [InlineData(599, "5xx")]
    public void TwilioAnswersAreCountedByStatusFromABoundedSet(int status, string label)
    {
        RecordingsMetrics.TwilioAnswered("media-test", status);

        Measured("recordings.twilio.responses", "api", "media-test").ShouldContain(m => (string?)m.Tags["status"] == label && m.Value == 1);
    }

    [Fact]
    public void TheRealTimeFactorIsProcessingSecondsPerSecondOfAudio()
    {
        RecordingsMetrics.TranscriptionSpeed("engine-test", audioSeconds: 60, TimeSpan.FromSeconds(15));
        RecordingsMetrics.TranscriptionSpeed("engine-test-silent", audioSeconds: 0, TimeSpan.FromSeconds(15));

        Measured("recordings.transcription.real_time_factor", "engine", "engine-test").ShouldHaveSingleItem().Value.ShouldBe(0.25);
        Measured("recordings.transcription.real_time_factor", "engine", "engine-test-silent").ShouldBeEmpty("no audio, no ratio");
    }

    [Fact]
    public void RedactionsAreCountedByEntity()
    {
        RecordingsMetrics.Redacted("entity-test", 3);
        RecordingsMetrics.Redacted("entity-test");

        Measured("recordings.redactions", "entity", "entity-test").Sum(m => m.Value).ShouldBe(4);
    }

    [Fact]
    public void ALatencyFromTheWebhookIsItsSecondsAndAClockThatWentBackIsNotOne()
    {
        var since = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var before = _measured.Count(m => m.Instrument == "recordings.webhook_to_playable" && m.Value == 12345);

        RecordingsMetrics.Playable(since, since.AddSeconds(12345));
        RecordingsMetrics.Playable(since, since.AddSeconds(-5));

        _measured.Count(m => m.Instrument == "recordings.webhook_to_playable" && m.Value == 12345).ShouldBe(before + 1);
        _measured.ShouldNotContain(m => m.Instrument == "recordings.webhook_to_playable" && m.Value < 0);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
