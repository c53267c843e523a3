using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// One held request's subscription (<see cref="RecordingStateWaiters"/>): a latch that a signal sets and
/// <see cref="WaitAsync"/> consumes, so a signal that arrives while nobody waits (the request is reading the state) is
/// kept for the next wait.
/// </summary>
internal sealed class RecordingStateWaiter(string callSid, TimeProvider time, Action<RecordingStateWaiter> remove) : IRecordingStateSubscription
{
    /// <summary>The longest single wait (Task.WaitAsync refuses timeouts beyond about 49 days).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

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

            waiter = _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var signalled = false;
        try
        {
            await waiter.Task.WaitAsync(Clamp(timeout), time, cancellationToken);
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

        remove(this);
        waiter?.TrySetException(new ObjectDisposedException(nameof(IRecordingStateSubscription)));
    }

    private static TimeSpan Clamp(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? timeout
        : timeout < TimeSpan.Zero ? TimeSpan.Zero
        : timeout > MaxWait ? MaxWait
        : timeout;
}
