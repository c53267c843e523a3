using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Recordings.Application.Audit;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Audit;

/// <summary>
/// The audit trail, written off the request's path: <see cref="Append"/> only queues (a request never waits for the
/// database, and a database that is down never fails a play), and one background loop per node writes what is queued
/// in batches. A batch the database cannot take (it is down) is kept and written again through the Polly pipeline of
/// <see cref="Retry"/> (jittered exponential backoff from 1 s, never more than 30 s apart, until it is written or the
/// node stops; the jitter keeps the nodes that lost the database together from all writing again at the same instant),
/// each failure logged; a batch it refuses for what one entry holds is written entry by entry, and only that entry is set
/// aside (logged and counted): entries are never dropped silently, and one never holds back the others. Plays are first de-duplicated here (this node's memory of each agent's
/// last play of each recording), then by the store across nodes (<see cref="IAuditStore.AppendAsync"/>).
/// </summary>
/// <remarks>
/// The queue is bounded (<see cref="Capacity"/>): should the database stay down that long, further entries are
/// counted and the count logged as an error at most every 10 seconds, so no client can fill the log. Entries queued on
/// a node that is killed are lost; a node that is stopped writes them before it stops (within the host's shutdown time).
/// </remarks>
public sealed partial class BufferedAuditLog : BackgroundService, IAuditLog
{
    public const int Capacity = 100_000;
    public const int BatchSize = 200;

    /// <summary>How a batch the database cannot take is written again.</summary>
    public static readonly BackgroundRetry Retry = new("audit-writer", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);

    /// <summary><c>recordings.audit.entries_set_aside</c>: entries the database refused for what they hold.</summary>
    private static readonly Counter<long> SetAsideCounter = RecordingsMeter.Meter.CreateCounter<long>(
        "recordings.audit.entries_set_aside", unit: "{entry}", description: "Audit entries the database refused and that were set aside");

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly MemoryCache _recentPlays = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly IAuditStore _store;
    private readonly IOptions<AuditOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BufferedAuditLog> _logger;
    private readonly List<AuditEntry> _pending = new(BatchSize);
    private readonly ResiliencePipeline _retry;
    private int _failures;
    private int _attempted;
    private long _dropped;
    private long _lastDropReport;
    private long _written;
    private long _setAside;

    public BufferedAuditLog(IAuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<BufferedAuditLog> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _retry = Retry.Build(time, args =>
        {
            // Only the writer's loop runs the pipeline: these fields are its own.
            _failures = args.AttemptNumber + 1;
            LogWriteFailed(_logger, args.Outcome.Exception!, _pending.Count, _failures, args.RetryDelay);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>How many entries wait in this node's queue (the gauge <c>recordings_audit_queue_length</c>).</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>How many entries this node has written (played ones the store found written already included).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>How many entries the database refused for what they hold (each logged once; also the metric).</summary>
    public long SetAside => Interlocked.Read(ref _setAside);

    public void Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (IsFolded(entry.Action) && !IsNewInWindow(entry))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
            Application.Common.Metrics.RecordingsMetrics.AuditDropped();
            ReportDropped();
        }
    }

    /// <summary>
    /// The actions recorded at most once per agent, call (and recording) and <see cref="AuditOptions.PlayWindow"/>: a
    /// listening's range reads, a download retried by the browser, a call page opened again and again. Prepares are all kept.
    /// </summary>
    public static bool IsFolded(AuditAction action) => action is AuditAction.Play or AuditAction.Download or AuditAction.View;

    private bool IsNewInWindow(AuditEntry entry)
    {
        var key = (entry.Action, entry.AgentEmail, entry.CallSid, entry.RecordingSid);
        var window = _options.Value.PlayWindow;
        if (_recentPlays.TryGetValue(key, out DateTimeOffset last) && entry.At - last < window && entry.At >= last)
        {
            return false;
        }

        _recentPlays.Set(key, entry.At, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = window });
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = _pending;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Fill(batch);
                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is still queued.
        }
    }

    /// <summary>Stops the loop, then writes what is still queued (without the stop's cancellation: the host bounds it).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The batch the loop was writing when it stopped (kept while it retried), then the rest of the queue.
        var batch = _pending;
        Fill(batch);
        while (batch.Count > 0)
        {
            try
            {
                await WriteOnceAsync(batch, cancellationToken);
            }
            catch (Exception ex)
            {
                LogLostAtStop(_logger, ex, batch.Count);
                batch.Clear();
            }

            Fill(batch);
        }
    }

    private void Fill(List<AuditEntry> batch)
    {
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
    }

    /// <summary>Writes the batch, trying again (<see cref="Retry"/>) until it is written or the node stops.</summary>
    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken stoppingToken)
    {
        _failures = 0;
        await _retry.ExecuteAsync(
            static (state, token) => new ValueTask(state.Self.AttemptAsync(state.Batch, token)), (Self: this, Batch: batch), stoppingToken);
        if (_failures > 0)
        {
            LogRecovered(_logger, _attempted, _failures);
        }
    }

    private Task AttemptAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        _attempted = batch.Count;
        return WriteOnceAsync(batch, cancellationToken);
    }

    /// <summary>
    /// One attempt: the whole batch in one transaction. When the database refuses it for what one entry holds (a value
    /// it cannot store), the batch is written entry by entry and only the refused entry is set aside (logged and counted),
    /// so that one entry never holds back the others. What is written leaves <paramref name="batch"/>; a failure of the
    /// database itself (down, timed out) is thrown with the rest still in it, for the caller to try again.
    /// </summary>
    private async Task WriteOnceAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _store.AppendAsync(batch, _options.Value.PlayWindow, cancellationToken);
            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
            return;
        }
        catch (Exception ex) when (IsRefusedEntry(ex))
        {
            // Some entry of the batch: find which, one at a time (in order, so plays still fold as before).
        }

        while (batch.Count > 0)
        {
            var entry = batch[0];
            try
            {
                await _store.AppendAsync([entry], _options.Value.PlayWindow, cancellationToken);
                Interlocked.Increment(ref _written);
            }
            catch (Exception ex) when (IsRefusedEntry(ex))
            {
                Interlocked.Increment(ref _setAside);
                SetAsideCounter.Add(1);
                LogSetAside(_logger, ex.GetType().Name, entry.Action, entry.CallSid, entry.At);
            }

            batch.RemoveAt(0);
        }
    }

    /// <summary>
    /// Whether the database (or its client's encoder) refused a value of the entries rather than failed: PostgreSQL's
    /// data and integrity errors (classes 22 and 23), or a value the client could not encode (a lone surrogate).
    /// Everything else (a connection, a timeout, a server going down) is the database's fault and is retried whole.
    /// </summary>
    internal static bool IsRefusedEntry(Exception exception) =>
        exception switch
        {
            PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal)
                || postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
            EncoderFallbackException or DecoderFallbackException => true,
            { InnerException: { } inner } => IsRefusedEntry(inner),
            _ => false,
        };

    private void ReportDropped()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropReport);
        if (last != 0 && _time.GetElapsedTime(last, now) < DropReportInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastDropReport, now, last) == last)
        {
            LogDropped(_logger, Interlocked.Exchange(ref _dropped, 0), Capacity);
        }
    }

    public override void Dispose()
    {
        _recentPlays.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit entries failed (attempt {Attempt}); trying again in {Delay}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} audit entries after {Failures} failed attempt(s)")]
    private static partial void LogRecovered(ILogger logger, int count, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries were not recorded: {Capacity} were already waiting for the database")]
    private static partial void LogDropped(ILogger logger, long count, int capacity);

    [LoggerMessage(Level = LogLevel.Error, Message = "An audit entry was refused by the database ({Reason}) and set aside: {Action} of call {CallSid} at {At}")]
    private static partial void LogSetAside(ILogger logger, string reason, AuditAction action, string? callSid, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be written before the node stopped")]
    private static partial void LogLostAtStop(ILogger logger, Exception exception, int count);
}
