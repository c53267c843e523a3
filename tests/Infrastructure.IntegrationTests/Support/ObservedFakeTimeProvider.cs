using Microsoft.Extensions.Time.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer is created (e.g. the retry policy's backoff), so the
/// test advances time only once the code under test waits on it: no sleeps, no races.
/// </summary>
public sealed class ObservedFakeTimeProvider : FakeTimeProvider
{
    private readonly object _lock = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> _waiters = [];

    public ObservedFakeTimeProvider()
        : base(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The due times of every timer created so far.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_lock)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> matched = [];
        lock (_lock)
        {
            _dueTimes.Add(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(dueTime))
                {
                    matched.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in matched)
        {
            signal.TrySetResult(dueTime);
        }

        return timer;
    }

    /// <summary>
    /// Completes with the due time of the next timer created whose due time matches (timers created before the call
    /// are not considered: call it before the action that creates the timer, or use <paramref name="alreadyCreated"/>).
    /// </summary>
    public Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> match, int alreadyCreated = 0)
    {
        var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var earlier = _dueTimes.Skip(alreadyCreated).Where(match).ToList();
            if (earlier.Count > 0)
            {
                return Task.FromResult(earlier[0]);
            }

            _waiters.Add((match, signal));
        }

        return signal.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>How many timers were created so far.</summary>
    public int TimerCount
    {
        get
        {
            lock (_lock)
            {
                return _dueTimes.Count;
            }
        }
    }
}
