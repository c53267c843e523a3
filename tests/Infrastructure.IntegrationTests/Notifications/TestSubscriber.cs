using System.Collections.Concurrent;
using System.Threading.Channels;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

/// <summary>
/// A subscriber that writes down, in order, what the listener told it ("listening", "lost", "notified {payload}"), for
/// a test to await one event at a time.
/// </summary>
internal sealed class TestSubscriber(string channel, Action<string>? onNotification = null) : INotificationSubscriber
{
    private readonly Channel<string> _events = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _all = new();

    public string Channel => channel;

    /// <summary>Every event so far.</summary>
    public IReadOnlyList<string> Events => [.. _all];

    public void OnNotification(string payload)
    {
        onNotification?.Invoke(payload);
        Record($"notified {payload}");
    }

    public void OnListening() => Record("listening");

    public void OnConnectionLost() => Record("lost");

    /// <summary>The next event (waiting for it as long as <see cref="JobsTestNode.Patience"/>).</summary>
    public async Task<string> NextAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(JobsTestNode.Patience);

    private void Record(string what)
    {
        _all.Enqueue(what);
        _events.Writer.TryWrite(what);
    }
}
