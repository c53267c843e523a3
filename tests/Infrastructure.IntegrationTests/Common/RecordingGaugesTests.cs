using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Recordings.Application.Audit;
using Recordings.Infrastructure.Audit;
using Recordings.Infrastructure.Common;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Common;

/// <summary>
/// The gauges read from the database when a scrape asks: exact counts on a small table, PostgreSQL's estimate for the
/// settled states on a large one (the passing states stay exact), the oldest waiting download, lost only copies, and
/// one read per refresh interval however often they are observed.
/// </summary>
public sealed class RecordingGaugesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private string _connectionString = string.Empty;
    private ServiceProvider _node = null!;
    private ServiceProvider _metrics = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_gauges"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
        _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        // 60 ready, 10 remote, 3 queued (the oldest queued 400 s ago), 1 downloading, 2 failed (one lost its only copy).
        await ExecuteAsync("""
            INSERT INTO calls (call_sid, account_sid, direction, status, created_at, updated_at, transcript_state, summary_state)
            SELECT 'CA' || lpad(to_hex(i), 32, '0'), 'AC0123456789abcdef0123456789abcdef', 'Inbound', 'Completed', @now, @now, 'None', 'None'
            FROM generate_series(1, 76) i;
            INSERT INTO call_recordings (call_sid, recording_sid, position, transcribed, state, download_queued_at, twilio_copy_deleted_at)
            SELECT 'CA' || lpad(to_hex(i), 32, '0'), 'RE' || lpad(to_hex(i), 32, '0'), 0, false,
                   CASE WHEN i <= 60 THEN 'Ready' WHEN i <= 70 THEN 'Remote' WHEN i <= 73 THEN 'Queued' WHEN i = 74 THEN 'Downloading' ELSE 'Failed' END,
                   CASE WHEN i = 71 THEN @now - interval '400 seconds' WHEN i BETWEEN 72 AND 74 THEN @now - interval '30 seconds' END,
                   CASE WHEN i = 76 THEN @now END
            FROM generate_series(1, 76) i;
            """);
    }

    public async Task DisposeAsync()
    {
        await _metrics.DisposeAsync();
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    [Fact]
    public void OnASmallTableEveryStateIsCountedExactly()
    {
        var gauges = Gauges(new MetricsOptions());

        var observed = Observe(gauges);

        observed["recordings.by_state/ready"].ShouldBe(60);
        observed["recordings.by_state/remote"].ShouldBe(10);
        observed["recordings.by_state/queued"].ShouldBe(3);
        observed["recordings.by_state/downloading"].ShouldBe(1);
        observed["recordings.by_state/failed"].ShouldBe(2);
        observed["recordings.by_state/missing"].ShouldBe(0);
        observed["recordings.by_state/expired"].ShouldBe(0);
        observed["recordings.oldest_waiting_download.age"].ShouldBe(400);
        observed["recordings.lost_only_copies"].ShouldBe(1);
        observed["recordings.audit.queue_length"].ShouldBe(0);
    }

    [Fact]
    public async Task OnALargeTableTheSettledStatesAreTheStatisticsEstimateAndThePassingOnesStayExact()
    {
        await ExecuteAsync("ANALYZE call_recordings");
        var gauges = Gauges(new MetricsOptions { ExactCountRows = 50 }); // 76 rows: "large"
        await ExecuteAsync("UPDATE call_recordings SET state = 'Queued', download_queued_at = @now WHERE recording_sid = 'RE' || lpad(to_hex(1), 32, '0')");

        var observed = Observe(gauges);

        // The estimate is as of the last ANALYZE (60 ready); the passing states are read now (4 queued).
        observed["recordings.by_state/ready"].ShouldBe(60);
        observed["recordings.by_state/remote"].ShouldBe(10);
        observed["recordings.by_state/queued"].ShouldBe(4);
        observed["recordings.by_state/downloading"].ShouldBe(1);
        observed["recordings.by_state/failed"].ShouldBe(2);
        observed["recordings.lost_only_copies"].ShouldBe(1);
    }

    [Fact]
    public async Task TheDatabaseIsReadOncePerRefreshIntervalHoweverOftenAScrapeAsks()
    {
        var gauges = Gauges(new MetricsOptions { DatabaseRefreshInterval = TimeSpan.FromSeconds(15) });
        Observe(gauges)["recordings.by_state/queued"].ShouldBe(3);
        await ExecuteAsync("UPDATE call_recordings SET state = 'Ready' WHERE state = 'Queued'");

        _time.Advance(TimeSpan.FromSeconds(14));
        var cached = Observe(gauges);
        _time.Advance(TimeSpan.FromSeconds(2));
        var fresh = Observe(gauges);

        cached["recordings.by_state/queued"].ShouldBe(3);
        fresh["recordings.by_state/queued"].ShouldBe(0);
        fresh["recordings.by_state/ready"].ShouldBe(63);
        fresh["recordings.oldest_waiting_download.age"].ShouldBe(30 + 16, "the downloading one, queued 30 s before the start");
    }

    private RecordingGauges Gauges(MetricsOptions options) => new(
        _metrics.GetRequiredService<IMeterFactory>(), _connectionString,
        new BufferedAuditLog(new PostgresAuditStore(_connectionString), Options.Create(new AuditOptions()), _time, NullLogger<BufferedAuditLog>.Instance),
        Options.Create(options), _time, NullLogger<RecordingGauges>.Instance);

    /// <summary>One scrape of this gauges' meter: each instrument's value, keyed <c>name</c> or <c>name/state</c>.</summary>
    private static Dictionary<string, double> Observe(RecordingGauges gauges)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, gauges.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var state = tags.ToArray().FirstOrDefault(t => t.Key == "state").Value as string;
            values[state is null ? instrument.Name : $"{instrument.Name}/{state}"] = value;
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", Now);
        await command.ExecuteNonQueryAsync();
    }
}
