using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// This node's requests held by <c>Prefer: wait</c>, keyed by call SID: each waits until a change of its call's
/// recording is announced on <see cref="RecordingStateChannel"/> (by any node), or its own deadline. Singleton; it hears
/// the channel through the node's LISTEN connection (<see cref="PostgresNotificationListener"/>).
/// </summary>
/// <remarks>
/// Whenever the connection listens again after a break, every waiter wakes: announcements sent meanwhile are lost, so
/// each re-reads the state instead. A waiter is woken too often at worst, never too late. A subscription stays here until
/// it is disposed (a timed-out or cancelled wait does not remove it: the next wait still catches an announcement).
/// </remarks>
public sealed class RecordingStateWaiters(TimeProvider time) : INotificationSubscriber
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<RecordingStateWaiter>> _waiters = new(StringComparer.Ordinal);

    public string Channel => RecordingStateChannel.Name;

    /// <summary>How many subscriptions are open (disposing one removes it).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>How many subscriptions are open for one call: the requests held on it (<c>Prefer: wait</c>).</summary>
    public int CountFor(string callSid)
    {
        lock (_gate)
        {
            return _waiters.TryGetValue(callSid, out var set) ? set.Count : 0;
        }
    }

    /// <summary>Starts listening for announcements about one call. Dispose the subscription when done.</summary>
    public IRecordingStateSubscription Subscribe(string callSid)
    {
        ArgumentException.ThrowIfNullOrEmpty(callSid);

        var waiter = new RecordingStateWaiter(callSid, time, Remove);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(callSid, out var set))
            {
                set = [];
                _waiters.Add(callSid, set);
            }

            set.Add(waiter);
        }

        return waiter;
    }

    /// <summary>A change of any recording of the call: its waiters wake (each re-reads its own recording).</summary>
    public void OnNotification(string payload) => Wake(RecordingStateChannel.CallSidOf(payload));

    /// <summary>Listening (again): whatever was announced before is lost, so every waiter wakes and re-reads.</summary>
    public void OnListening()
    {
        RecordingStateWaiter[] targets;
        lock (_gate)
        {
            targets = [.. _waiters.Values.SelectMany(s => s)];
        }

        foreach (var target in targets)
        {
            target.Signal();
        }
    }

    /// <summary>Nothing to do until the connection is back: <see cref="OnListening"/> wakes everyone then.</summary>
    public void OnConnectionLost()
    {
    }

    private void Wake(string callSid)
    {
        RecordingStateWaiter[] targets;
        lock (_gate)
        {
            if (!_waiters.TryGetValue(callSid, out var set))
            {
                return;
            }

            targets = [.. set];
        }

        // Outside the lock: signalling takes the waiter's own lock, and the two are never held together.
        foreach (var target in targets)
        {
            target.Signal();
        }
    }

    private void Remove(RecordingStateWaiter waiter)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(waiter.CallSid, out var set) && set.Remove(waiter) && set.Count == 0)
            {
                _waiters.Remove(waiter.CallSid);
            }
        }
    }
}
