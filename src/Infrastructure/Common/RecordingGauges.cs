using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Recordings.Application.Common.Metrics;

namespace Recordings.Infrastructure.Common;

/// <summary>Settings of the metrics (<c>Metrics:</c>).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Where the Prometheus listener serves <c>GET /metrics</c> (e.g. <c>http://127.0.0.1:9464</c>): a listener of its
    /// own, never the API's port. Empty (the default): no listener.
    /// </summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>How old the database's figures (recordings by state, oldest waiting download) may be when scraped.</summary>
    public TimeSpan DatabaseRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Up to this many rows in <c>call_recordings</c> (PostgreSQL's own estimate), every state is counted exactly;
    /// above it, only the states a recording passes through (queued, downloading, failed) are, and the others
    /// (ready, remote, missing, expired) are PostgreSQL's estimate from its statistics.
    /// </summary>
    public long ExactCountRows { get; set; } = 200_000;
}

/// <summary>
/// The gauges read when a scrape asks (observable instruments on this app's own <see cref="Meter"/>, made by its
/// <see cref="IMeterFactory"/>, so that two apps in one process, as in the functional tests, each report their own):
/// <c>recordings.by_state</c>, <c>recordings.oldest_waiting_download.age</c>, <c>recordings.lost_only_copies</c> from the
/// database (one snapshot at most every <see cref="MetricsOptions.DatabaseRefreshInterval"/>, cached, from the index on
/// <c>call_recordings.state</c>: see ADR-023), and <c>recordings.audit.queue_length</c> from this node's memory.
/// </summary>
public sealed partial class RecordingGauges
{
    /// <summary>The states counted exactly however large the table: few rows, found through the index on state.</summary>
    private static readonly string[] PassingStates = ["Queued", "Downloading", "Failed"];

    private readonly string _connectionString;
    private readonly MetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingGauges> _logger;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private long _takenAt;

    public RecordingGauges(
        IMeterFactory meterFactory, string connectionString, Audit.BufferedAuditLog audit, IOptions<MetricsOptions> options,
        TimeProvider time, ILogger<RecordingGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = connectionString;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Meter = meterFactory.Create(RecordingsMetrics.MeterName);
        Meter.CreateObservableGauge("recordings.by_state", () => Current()?.ByState ?? [], unit: "{recording}",
            description: "Recordings by state (queued, downloading and failed exact; the others exact on small tables, estimated on large ones)");
        Meter.CreateObservableGauge("recordings.oldest_waiting_download.age", () => OldestWaiting(), unit: "s",
            description: "Age in seconds of the oldest recording queued for or in its download (0 when none waits)");
        Meter.CreateObservableGauge("recordings.lost_only_copies", () => Current()?.LostOnlyCopies ?? 0, unit: "{recording}",
            description: "Recordings whose only copy (Twilio's was deleted) is missing from storage");
        Meter.CreateObservableGauge("recordings.audit.queue_length", () => audit.QueueLength, unit: "{entry}",
            description: "Audit entries waiting in this node's queue");
    }

    /// <summary>This app's meter of the observed gauges (named like the product's meter).</summary>
    public Meter Meter { get; }

    private double OldestWaiting() =>
        Current() is { OldestQueuedAt: { } queuedAt } snapshot ? Math.Max(0, (snapshot.TakenAt - queuedAt).TotalSeconds) : 0;

    private Snapshot? Current()
    {
        lock (_gate)
        {
            if (_snapshot is not null && _time.GetElapsedTime(_takenAt) < _options.DatabaseRefreshInterval)
            {
                return _snapshot;
            }

            try
            {
                _snapshot = Read();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The figures stay as they were (or absent): a scrape never fails because the database is away.
                LogReadFailed(_logger, ex);
            }

            _takenAt = _time.GetTimestamp();
            return _snapshot;
        }
    }

    private Snapshot Read()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        DateTimeOffset? oldest = null;
        long lost = 0;

        var rows = Scalar<float>(connection, "SELECT reltuples FROM pg_class WHERE oid = to_regclass('call_recordings')");
        var exact = rows < _options.ExactCountRows;
        // Through ix_call_recordings_state: on a large table only the few rows of the passing states are read.
        using (var command = new NpgsqlCommand(
            """
            SELECT state, count(*), min(download_queued_at) FILTER (WHERE state IN ('Queued', 'Downloading')),
                   count(*) FILTER (WHERE state = 'Failed' AND twilio_copy_deleted_at IS NOT NULL)
            FROM call_recordings
            """ + (exact ? "" : " WHERE state = ANY(@states)") + " GROUP BY state", connection))
        {
            command.CommandTimeout = 10;
            if (!exact)
            {
                command.Parameters.AddWithValue("states", PassingStates);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
                if (!reader.IsDBNull(2))
                {
                    var at = reader.GetFieldValue<DateTimeOffset>(2);
                    oldest = oldest is { } o && o < at ? o : at;
                }

                lost += reader.GetInt64(3);
            }
        }

        if (!exact)
        {
            // The other states from PostgreSQL's statistics (kept by autovacuum's ANALYZE): their share of the rows.
            using var command = new NpgsqlCommand(
                """
                SELECT v.state, (v.freq * c.reltuples)::bigint
                FROM pg_stats s
                CROSS JOIN LATERAL unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS v(state, freq)
                CROSS JOIN pg_class c
                WHERE s.schemaname = current_schema() AND s.tablename = 'call_recordings' AND s.attname = 'state'
                  AND c.oid = to_regclass('call_recordings')
                """, connection);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var state = reader.GetString(0);
                if (!PassingStates.Contains(state))
                {
                    counts[state] = reader.GetInt64(1);
                }
            }
        }

        var byState = Enum.GetNames<Domain.Calls.RecordingState>()
            .Select(state => new Measurement<long>(counts.GetValueOrDefault(state),
                new KeyValuePair<string, object?>("state", state.ToLowerInvariant())))
            .ToArray();
        return new Snapshot(byState, oldest, lost, _time.GetUtcNow());
    }

    private static T Scalar<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar() is T value ? value : default!;
    }

    private sealed record Snapshot(Measurement<long>[] ByState, DateTimeOffset? OldestQueuedAt, long LostOnlyCopies, DateTimeOffset TakenAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics could not read the database; the last figures stand")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
