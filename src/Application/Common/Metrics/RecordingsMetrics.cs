using System.Diagnostics.Metrics;

namespace Recordings.Application.Common.Metrics;

/// <summary>
/// The product's own instruments, under one meter named <see cref="MeterName"/> (<c>System.Diagnostics.Metrics</c>, part
/// of the base library: Application depends on no telemetry package). Whatever exports metrics subscribes to that name:
/// the Prometheus listener (<c>Metrics:Url</c>), OpenTelemetry's OTLP exporter, <c>dotnet-counters</c>. Names are
/// dotted here and become Prometheus names on the way out (<c>recordings.downloads</c> is
/// <c>recordings_downloads_total</c>). See ADR-023 and the contract's "Metrics and traces".
/// </summary>
/// <remarks>
/// The instruments here count events (counters, histograms) and are process-wide. What is read from the database or
/// from a node's memory (recordings by state, the oldest waiting download, the audit queue) is observed per app by
/// Infrastructure, when a scrape asks.
/// </remarks>
public static class RecordingsMetrics
{
    public const string MeterName = "Recordings";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Buckets for the webhook-to-playable and webhook-to-transcript histograms (seconds: 1 s to 2 h).</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2400, 3600, 7200];

    /// <summary>Buckets for the real-time factor (processing seconds per second of audio).</summary>
    public static readonly IReadOnlyList<double> RealTimeFactorBuckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5];

    private static readonly Histogram<double> WebhookToPlayableSeconds = Meter.CreateHistogram(
        "recordings.webhook_to_playable", unit: "s",
        description: "Seconds from a recording's completion (Twilio's webhook) to its download completing",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> WebhookToTranscriptSeconds = Meter.CreateHistogram(
        "recordings.webhook_to_transcript", unit: "s",
        description: "Seconds from a recording's completion (Twilio's webhook) to its call's transcript being done",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> DownloadsCounter = Meter.CreateCounter<long>(
        "recordings.downloads", unit: "{download}", description: "Recording downloads by outcome (ready, failed, missing)");

    private static readonly Counter<long> TwilioResponsesCounter = Meter.CreateCounter<long>(
        "recordings.twilio.responses", unit: "{response}", description: "Answers from Twilio's API by status code (api: media, rest)");

    private static readonly Counter<long> ReconciliationListedCounter = Meter.CreateCounter<long>(
        "recordings.reconciliation.listed", unit: "{recording}", description: "Recordings listed at Twilio by reconciliation");

    private static readonly Counter<long> ReconciliationBackfilledCounter = Meter.CreateCounter<long>(
        "recordings.reconciliation.backfilled", unit: "{recording}", description: "Recordings reconciliation found missing here and backfilled");

    private static readonly Counter<long> ReconciliationErrorsCounter = Meter.CreateCounter<long>(
        "recordings.reconciliation.errors", unit: "{error}", description: "Reconciliation errors: a listing that failed, a recording that could not be backfilled");

    private static readonly Counter<long> RetentionDeletionsCounter = Meter.CreateCounter<long>(
        "recordings.retention.deletions", unit: "{deletion}", description: "Recordings and transcripts deleted under retention (kind)");

    private static readonly Counter<long> AuditDroppedCounter = Meter.CreateCounter<long>(
        "recordings.audit.dropped", unit: "{entry}", description: "Audit entries dropped because the queue was full");

    private static readonly Counter<long> NodeMemoryHitsCounter = Meter.CreateCounter<long>(
        "recordings.node_memory.hits", unit: "{lookup}", description: "Lookups answered from this node's memory (cache)");

    private static readonly Counter<long> NodeMemoryMissesCounter = Meter.CreateCounter<long>(
        "recordings.node_memory.misses", unit: "{lookup}", description: "Lookups this node's memory could not answer (cache)");

    private static readonly Histogram<double> RealTimeFactorHistogram = Meter.CreateHistogram(
        "recordings.transcription.real_time_factor", unit: "1",
        description: "Transcription processing seconds per second of audio, by engine",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RealTimeFactorBuckets });

    private static readonly Counter<long> RedactionsCounter = Meter.CreateCounter<long>(
        "recordings.redactions", unit: "{redaction}", description: "Redacted stretches by entity (card, cvv, expiry, id, phone, email)");

    /// <summary>A download finished (<paramref name="outcome"/>: ready, failed, missing).</summary>
    public static void Downloaded(string outcome) => DownloadsCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A recording became playable: from its completion at Twilio (or its webhook's arrival) to now.</summary>
    public static void Playable(DateTimeOffset since, DateTimeOffset now) => Record(WebhookToPlayableSeconds, since, now);

    /// <summary>A call's transcript is done: from its recording's completion at Twilio to now.</summary>
    public static void Transcribed(DateTimeOffset since, DateTimeOffset now) => Record(WebhookToTranscriptSeconds, since, now);

    /// <summary>Twilio answered (<paramref name="api"/>: media or rest) with <paramref name="status"/> (429 included).</summary>
    public static void TwilioAnswered(string api, int status) => TwilioResponsesCounter.Add(1,
        new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("status", StatusText(status)));

    public static void ReconciliationListed(long count) => AddIfAny(ReconciliationListedCounter, count);

    public static void ReconciliationBackfilled(long count) => AddIfAny(ReconciliationBackfilledCounter, count);

    /// <summary>Errors of a reconciliation run: the listing failed, or recordings it could not backfill.</summary>
    public static void ReconciliationFailed(long errors) => AddIfAny(ReconciliationErrorsCounter, errors);

    /// <summary>Retention deleted <paramref name="count"/> of <paramref name="kind"/> (recording, transcript).</summary>
    public static void RetentionDeleted(string kind, long count)
    {
        if (count > 0)
        {
            RetentionDeletionsCounter.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public static void AuditDropped() => AuditDroppedCounter.Add(1);

    /// <summary>A lookup in one of this node's memories (<paramref name="cache"/>: ready_recordings, org_charts).</summary>
    public static void NodeMemory(string cache, bool hit) =>
        (hit ? NodeMemoryHitsCounter : NodeMemoryMissesCounter).Add(1, new KeyValuePair<string, object?>("cache", cache));

    /// <summary>An engine transcribed <paramref name="audioSeconds"/> of audio in <paramref name="processing"/>.</summary>
    public static void TranscriptionSpeed(string engine, double audioSeconds, TimeSpan processing)
    {
        if (audioSeconds > 0)
        {
            RealTimeFactorHistogram.Record(processing.TotalSeconds / audioSeconds, new KeyValuePair<string, object?>("engine", engine));
        }
    }

    /// <summary>A redaction job completed: one stretch of <paramref name="entity"/> (card, cvv, expiry, id, phone, email) redacted.</summary>
    public static void Redacted(string entity, long count = 1)
    {
        if (count > 0)
        {
            RedactionsCounter.Add(count, new KeyValuePair<string, object?>("entity", entity));
        }
    }

    private static void Record(Histogram<double> histogram, DateTimeOffset since, DateTimeOffset now)
    {
        var seconds = (now - since).TotalSeconds;
        if (seconds >= 0)
        {
            histogram.Record(seconds);
        }
    }

    private static void AddIfAny(Counter<long> counter, long count)
    {
        if (count > 0)
        {
            counter.Add(count);
        }
    }

    private static string StatusText(int status) => status switch
    {
        // Status codes as label values: a bounded set (the common ones by name, anything else by its class).
        200 or 201 or 204 or 206 or 301 or 302 or 304 or 400 or 401 or 403 or 404 or 409 or 429 or 500 or 502 or 503 or 504 =>
            status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        0 => "none",
        _ => $"{status / 100}xx",
    };
}
