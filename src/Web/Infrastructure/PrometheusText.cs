using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The bridge from OpenTelemetry's metrics SDK to Prometheus (ADR-023): a pull exporter whose reader the listener
/// collects on each scrape, and which writes what it is handed in Prometheus' text format (version 0.0.4). The SDK does
/// the aggregation (cumulative sums, explicit-bucket histograms, the last value of a gauge); this only names and prints:
/// <c>recordings.downloads</c> (a counter) is <c>recordings_downloads_total</c>, <c>http.server.request.duration</c>
/// (unit <c>s</c>) is the histogram <c>http_server_request_duration_seconds</c>, tag <c>http.route</c> is label
/// <c>http_route</c>.
/// </summary>
/// <remarks>
/// A push exporter under a plain <see cref="BaseExportingMetricReader"/> (no timer): it exports only when
/// <see cref="Scrape"/> collects. The SDK keeps true pull mode for its own (beta) Prometheus exporter.
/// </remarks>
public sealed class PrometheusText : BaseExporter<Metric>
{
    private readonly Lock _gate = new();
    private readonly BaseExportingMetricReader _reader;
    private string _last = string.Empty;

    public PrometheusText()
    {
        _reader = new BaseExportingMetricReader(this) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>The reader to add to the meter provider.</summary>
    public MetricReader Reader => _reader;

    /// <summary>Collects every instrument now (observable ones are read now) and returns the text of a scrape.</summary>
    public string Scrape()
    {
        lock (_gate)
        {
            _last = string.Empty;
            _reader.Collect(timeoutMilliseconds: 10_000);
            return _last;
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var families = new Dictionary<string, (string Type, string Help, StringBuilder Samples)>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            var (name, type) = NameAndType(metric);
            if (!families.TryGetValue(name, out var family))
            {
                family = (type, metric.Description ?? string.Empty, new StringBuilder());
                families[name] = family;
            }
            else if (family.Type != type)
            {
                continue; // two instruments that print to one name with different types: the first stands
            }

            WritePoints(family.Samples, metric, name);
        }

        var text = new StringBuilder();
        foreach (var (name, family) in families.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (family.Samples.Length == 0)
            {
                continue;
            }

            var baseName = family.Type == "counter" ? name[..^"_total".Length] : name;
            text.Append("# HELP ").Append(baseName).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(baseName).Append(' ').Append(family.Type).Append('\n');
            text.Append(family.Samples);
        }

        _last = text.ToString();
        return ExportResult.Success;
    }

    /// <summary>The Prometheus name of an instrument (with its unit and, for a counter, <c>_total</c>) and its type.</summary>
    public static (string Name, string Type) NameAndType(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = Sanitize(metric.Name);
        if (UnitSuffix(metric.Unit) is { } unit && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => (name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total", "counter"),
            MetricType.Histogram => (name, "histogram"),
            _ => (name, "gauge"),
        };
    }

    private static void WritePoints(StringBuilder text, Metric metric, string name)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        Sample(text, name + "_bucket", labels, Number(bucket.ExplicitBound), cumulative);
                    }

                    Sample(text, name + "_sum", labels, null, point.GetHistogramSum());
                    Sample(text, name + "_count", labels, null, point.GetHistogramCount());
                    break;
                default:
                    return; // exponential histograms are not asked for (no view makes one)
            }
        }
    }

    private static string Labels(in MetricPoint point)
    {
        var labels = new StringBuilder();
        foreach (var tag in point.Tags)
        {
            labels.Append(labels.Length == 0 ? "" : ",").Append(Sanitize(tag.Key)).Append("=\"")
                .Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
        }

        return labels.ToString();
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => null, // an annotation ({request}), not a unit
        _ => Sanitize(unit),
    };

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':') || (i == 0 && char.IsAsciiDigit(c)))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
