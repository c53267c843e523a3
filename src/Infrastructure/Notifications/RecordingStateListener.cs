using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Recordings.Infrastructure.Identity;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// The receiving half of <see cref="PostgresRecordingStateSignal"/>, one per node: a dedicated PostgreSQL connection
/// that runs <c>LISTEN recording_state</c> and wakes the local subscribers of the call SID each notification carries.
/// </summary>
/// <remarks>
/// <para>
/// A notification is delivered when the transaction that sent it commits, to every listening connection of every
/// node, so a request held on one node wakes when another node's download commits.
/// </para>
/// <para>
/// When the connection breaks it is opened again (at once, then after 1, 2, 4... up to 30 seconds), and every
/// subscriber is woken once it is listening again: notifications sent meanwhile are lost, so each waiter re-reads the
/// state instead. A subscriber is woken at most too often, never too late.
/// </para>
/// </remarks>
public sealed partial class RecordingStateListener : BackgroundService
{
    public const string Channel = "recording_state";

    /// <summary>The <c>application_name</c> of the listening connection (what <c>pg_stat_activity</c> shows).</summary>
    public const string ApplicationName = "recordings-state-listener";

    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest single wait (Task.WaitAsync refuses timeouts beyond about 49 days).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingStateListener> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Subscription>> _subscriptions = new(StringComparer.Ordinal);
    private TaskCompletionSource _listening = NewSignal();

    private readonly ReadyRecordingCache? _cache;
    private readonly AgentSessionCache? _sessions;

    /// <param name="connectionString">The database whose announcements are listened to.</param>
    /// <param name="time">The clock of the reconnect back-off.</param>
    /// <param name="logger">Where breaks are reported.</param>
    /// <param name="cache">This node's memory of ready recordings: trusted only while listening, and told of every announcement.</param>
    /// <param name="sessions">This node's memory of sessions: likewise, told of every ended session (<see cref="AgentSessionCache.Channel"/>).</param>
    public RecordingStateListener(
        string connectionString, TimeProvider time, ILogger<RecordingStateListener> logger,
        ReadyRecordingCache? cache = null, AgentSessionCache? sessions = null)
    {
        _cache = cache;
        _sessions = sessions;
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own physical connection for its whole life: a pooled one would lose the LISTEN when returned.
            Pooling = false,
            Enlist = false,
            ApplicationName = ApplicationName,
            // Probes an idle connection, so a dead server or network is noticed while waiting for notifications.
            KeepAlive = 15,
        }.ConnectionString;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the connection is listening (again, after a break: each break starts a new task).</summary>
    public Task Listening
    {
        get
        {
            lock (_gate)
            {
                return _listening.Task;
            }
        }
    }

    /// <summary>How many subscriptions are open (disposing one removes it).</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>Starts listening for announcements about one call. Dispose the subscription when done.</summary>
    public IRecordingStateSubscription Subscribe(string callSid)
    {
        ArgumentException.ThrowIfNullOrEmpty(callSid);

        var subscription = new Subscription(this, callSid);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(callSid, out var set))
            {
                set = [];
                _subscriptions.Add(callSid, set);
            }

            set.Add(subscription);
        }

        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(failures > 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke the connection, this node keeps listening: a dead listener would leave every held
                // request to its timeout.
                failures++;
                _cache?.Distrust();
                _sessions?.Distrust();
                lock (_gate)
                {
                    if (_listening.Task.IsCompleted)
                    {
                        _listening = NewSignal();
                    }
                }

                // At once after a break (a server restart, a killed backend), then backing off while it keeps failing.
                var delay = failures == 1
                    ? TimeSpan.Zero
                    : TimeSpan.FromSeconds(Math.Min(MaxReconnectDelay.TotalSeconds, Math.Pow(2, failures - 2)));
                LogConnectionLost(_logger, ex, failures, delay);
                if (delay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(delay, _time, stoppingToken);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task ListenAsync(bool reconnecting, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        connection.Notification += OnNotification;
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {AgentSessionCache.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        if (reconnecting)
        {
            LogReconnected(_logger);
        }

        TaskCompletionSource listening;
        lock (_gate)
        {
            listening = _listening;
        }

        // Whatever was announced before this connection listened is lost: every waiter reads the state again, and this
        // node's memory of ready recordings starts afresh.
        _cache?.Trust();
        _sessions?.Trust();
        WakeAll();
        listening.TrySetResult();

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == AgentSessionCache.Channel)
        {
            _sessions?.Forget(e.Payload);
        }
        else if (e.Channel == Channel)
        {
            // "{callSid}" or "{callSid}/{recordingSid}": the call's first recording and the named one are forgotten
            // (either may be the one that changed), and the call's waiters wake.
            var separator = e.Payload.IndexOf('/', StringComparison.Ordinal);
            var callSid = separator < 0 ? e.Payload : e.Payload[..separator];
            _cache?.Forget(callSid);
            if (separator >= 0)
            {
                _cache?.Forget(e.Payload);
            }

            Wake(callSid);
        }
    }

    private void Wake(string callSid)
    {
        Subscription[] targets;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(callSid, out var set))
            {
                return;
            }

            targets = [.. set];
        }

        // Outside the lock: a subscription's own lock is taken after this one when it is disposed.
        foreach (var target in targets)
        {
            target.Signal();
        }
    }

    private void WakeAll()
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = [.. _subscriptions.Values.SelectMany(s => s)];
        }

        foreach (var target in targets)
        {
            target.Signal();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.CallSid, out var set) && set.Remove(subscription) && set.Count == 0)
            {
                _subscriptions.Remove(subscription.CallSid);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LISTEN connection for recording state changes failed ({Failures} in a row); reconnecting in {Delay}")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for recording state changes again; every waiting request re-reads its state")]
    private static partial void LogReconnected(ILogger logger);

    /// <summary>
    /// One waiter: a latch that a signal sets and <see cref="WaitAsync"/> consumes, so a signal that arrives while
    /// nobody waits is kept for the next wait.
    /// </summary>
    private sealed class Subscription(RecordingStateListener owner, string callSid) : IRecordingStateSubscription
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource? _waiter;
        private bool _signalled;
        private bool _disposed;

        public string CallSid => callSid;

        public void Signal()
        {
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                waiter = _waiter;
                _waiter = null;
                _signalled = waiter is null;
            }

            waiter?.TrySetResult();
        }

        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            TaskCompletionSource waiter;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_signalled)
                {
                    _signalled = false;
                    return true;
                }

                if (_waiter is not null)
                {
                    throw new InvalidOperationException("A subscription waits for one caller at a time.");
                }

                waiter = _waiter = NewSignal();
            }

            var signalled = false;
            try
            {
                await waiter.Task.WaitAsync(Clamp(timeout), owner._time, cancellationToken);
                signalled = true;
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_waiter, waiter))
                    {
                        _waiter = null;
                    }
                    else if (!signalled && !_disposed)
                    {
                        // Signalled just as the wait timed out or was cancelled: keep it for the next wait.
                        _signalled = true;
                    }
                }
            }

            return signalled;
        }

        public void Dispose()
        {
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                waiter = _waiter;
                _waiter = null;
            }

            owner.Remove(this);
            waiter?.TrySetException(new ObjectDisposedException(nameof(IRecordingStateSubscription)));
        }

        private static TimeSpan Clamp(TimeSpan timeout) =>
            timeout == Timeout.InfiniteTimeSpan ? timeout
            : timeout < TimeSpan.Zero ? TimeSpan.Zero
            : timeout > MaxWait ? MaxWait
            : timeout;
    }
}
