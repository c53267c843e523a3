using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// This node's one LISTEN connection: a dedicated PostgreSQL connection that LISTENs to the channel of every registered
/// <see cref="INotificationSubscriber"/> and hands each notification to the subscribers of that channel, and only to
/// them. A hosted singleton; it knows nothing of what the channels mean.
/// </summary>
/// <remarks>
/// <para>
/// A notification is delivered when the transaction that sent it commits, to every listening connection of every
/// node, so a change committed on one node reaches all of them.
/// </para>
/// <para>
/// When the connection breaks, every subscriber is told at once (<see cref="INotificationSubscriber.OnConnectionLost"/>)
/// and the connection is opened again: at once, then, while opening it keeps failing, through the Polly pipeline of
/// <see cref="Reconnect"/> (jittered exponential backoff from 1 s, never more than 30 s apart, until it works or the
/// node stops). Once it listens again every subscriber is told (<see cref="INotificationSubscriber.OnListening"/>),
/// because notifications sent meanwhile are lost. Stopping closes the connection and tells the subscribers it is lost.
/// </para>
/// </remarks>
public sealed partial class PostgresNotificationListener : BackgroundService
{
    /// <summary>The <c>application_name</c> of the listening connection (what <c>pg_stat_activity</c> shows).</summary>
    public const string ApplicationName = "recordings-state-listener";

    /// <summary>How opening the connection is tried again while it fails.</summary>
    public static readonly BackgroundRetry Reconnect = new("postgres-listen-reconnect", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private readonly string _connectionString;
    private readonly INotificationSubscriber[] _subscribers;
    private readonly string _listen;
    private readonly ResiliencePipeline _reconnect;
    private readonly ILogger<PostgresNotificationListener> _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _listening = NewSignal();

    /// <param name="connectionString">The database whose notifications are heard.</param>
    /// <param name="subscribers">Everything on this node that hears a channel (at least one).</param>
    /// <param name="time">The clock of the reconnect backoff.</param>
    /// <param name="logger">Where breaks are reported.</param>
    public PostgresNotificationListener(
        string connectionString, IEnumerable<INotificationSubscriber> subscribers, TimeProvider time, ILogger<PostgresNotificationListener> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        _subscribers = [.. subscribers];
        if (_subscribers.Length == 0)
        {
            throw new ArgumentException("Nothing subscribes to a channel: there is nothing to listen to.", nameof(subscribers));
        }

        Channels = [.. _subscribers.Select(s => s.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        foreach (var channel in Channels)
        {
            if (!IsChannelName(channel))
            {
                throw new ArgumentException($"'{channel}' is not a channel name (lower-case letters, digits and underscores).", nameof(subscribers));
            }
        }

        // The names were checked above: they are plain identifiers, safe to write into the statement.
        _listen = string.Join("; ", Channels.Select(c => $"LISTEN {c}"));
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own physical connection for its whole life: a pooled one would lose the LISTEN when returned.
            Pooling = false,
            Enlist = false,
            ApplicationName = ApplicationName,
            // Probes an idle connection, so a dead server or network is noticed while waiting for notifications.
            KeepAlive = 15,
        }.ConnectionString;
        _logger = logger;
        _reconnect = Reconnect.Build(time, args =>
        {
            LogCannotListen(_logger, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The channels LISTENed to: those of the subscribers, each once.</summary>
    public IReadOnlyList<string> Channels { get; }

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            for (var reconnecting = false; ; reconnecting = true)
            {
                // At once; while that fails, after the pipeline's backoff. It gives up only when the node stops.
                var connection = await _reconnect.ExecuteAsync(static (self, token) => self.OpenAsync(token), this, stoppingToken);
                await using (connection)
                {
                    Listen(reconnecting);
                    try
                    {
                        await ReceiveAsync(connection, stoppingToken);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Whatever broke the connection, this node keeps listening: a dead listener would leave every
                        // held request to its timeout and every node memory distrusted.
                        LogConnectionLost(_logger, ex);
                        Lose();
                    }
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (the connection, if open, was closed on the way out).
        }
        finally
        {
            Lose();
        }
    }

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Notification += OnNotification;
            await connection.OpenAsync(cancellationToken);
            await using var listen = new NpgsqlCommand(_listen, connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ReceiveAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            // Each notification received is handed to OnNotification before this returns.
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        foreach (var subscriber in _subscribers)
        {
            if (string.Equals(subscriber.Channel, e.Channel, StringComparison.Ordinal)
                && !Tell(subscriber, s => s.OnNotification(e.Payload)))
            {
                // What it failed to take in counts as missed: it starts afresh, as after a break (the others carry on).
                Tell(subscriber, s => s.OnListening());
            }
        }
    }

    /// <summary>The connection listens: every subscriber starts afresh, then <see cref="Listening"/> completes.</summary>
    private void Listen(bool reconnecting)
    {
        if (reconnecting)
        {
            LogListeningAgain(_logger, Channels);
        }

        foreach (var subscriber in _subscribers)
        {
            Tell(subscriber, s => s.OnListening());
        }

        lock (_gate)
        {
            _listening.TrySetResult();
        }
    }

    /// <summary>The connection is gone: <see cref="Listening"/> starts again, and every subscriber is told.</summary>
    private void Lose()
    {
        lock (_gate)
        {
            if (_listening.Task.IsCompleted)
            {
                _listening = NewSignal();
            }
        }

        foreach (var subscriber in _subscribers)
        {
            Tell(subscriber, s => s.OnConnectionLost());
        }
    }

    /// <summary>Calls a subscriber; a fault is logged and kept from the others. Returns whether it succeeded.</summary>
    private bool Tell(INotificationSubscriber subscriber, Action<INotificationSubscriber> what)
    {
        try
        {
            what(subscriber);
            return true;
        }
#pragma warning disable CA1031 // One subscriber's fault must not keep the others from hearing, nor stop the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSubscriberFailed(_logger, ex, subscriber.GetType().Name, subscriber.Channel);
            return false;
        }
    }

    private static bool IsChannelName(string channel) =>
        channel is { Length: > 0 and <= 63 }
        && (char.IsAsciiLetterLower(channel[0]) || channel[0] == '_')
        && channel.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LISTEN connection broke; opening it again")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot open the LISTEN connection (attempt {Attempt}); trying again in {Delay}")]
    private static partial void LogCannotListen(ILogger logger, Exception? exception, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening again on {Channels}: node memories start afresh and waiting requests re-read their state")]
    private static partial void LogListeningAgain(ILogger logger, IReadOnlyList<string> channels);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscriber} failed on {Channel}; it starts afresh")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string subscriber, string channel);
}
