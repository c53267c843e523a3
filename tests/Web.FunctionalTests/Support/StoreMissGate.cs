using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo.Twilio;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// Holds requests at the instant they found a stored recording missing (a look-up in storage that found nothing), until
/// the test lets them go: what a slow request does under load, made to happen every time. Armed for a number of misses
/// of one storage key; every other look-up passes straight through.
/// </summary>
public sealed class StoreMissGate
{
    private readonly Lock _lock = new();
    private string? _storageKey;
    private int _toHold;
    private int _held;
    private TaskCompletionSource _allHeld = Completed();
    private TaskCompletionSource _released = Completed();

    /// <summary>Holds the next <paramref name="count"/> look-ups of <paramref name="storageKey"/> that find nothing.</summary>
    public void HoldNextMisses(string storageKey, int count)
    {
        lock (_lock)
        {
            (_storageKey, _toHold, _held) = (storageKey, count, 0);
            _allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits (with a safety timeout that fails the test) until every miss asked for is being held.</summary>
    public Task WaitUntilHeldAsync()
    {
        lock (_lock)
        {
            return _allHeld.Task.WaitAsync(SimulatedTwilio.DefaultWaitTimeout);
        }
    }

    /// <summary>Lets the held look-ups answer (nothing: what they found when they looked).</summary>
    public void Release()
    {
        lock (_lock)
        {
            _released.TrySetResult();
        }
    }

    /// <summary>Called with a look-up that found nothing: the task to wait for before answering.</summary>
    internal Task MissedAsync(string storageKey)
    {
        lock (_lock)
        {
            if (storageKey != _storageKey || _held >= _toHold)
            {
                return Task.CompletedTask;
            }

            if (++_held == _toHold)
            {
                _allHeld.TrySetResult();
            }

            return _released.Task;
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>The app's <see cref="IRecordingStore"/> with its misses going through a <see cref="StoreMissGate"/>.</summary>
internal sealed class MissGatedRecordingStore(IRecordingStore inner, StoreMissGate gate) : IRecordingStore
{
    public async Task<StoredRecordingFile?> FindAsync(string storageKey, CancellationToken cancellationToken)
    {
        var file = await inner.FindAsync(storageKey, cancellationToken);
        if (file is null)
        {
            await gate.MissedAsync(storageKey).WaitAsync(cancellationToken);
        }

        return file;
    }

    public Task<IRecordingUpload> BeginUploadAsync(string storageKey, CancellationToken cancellationToken) =>
        inner.BeginUploadAsync(storageKey, cancellationToken);

    public Task<Stream> OpenReadAsync(string storageKey, long? knownLength, CancellationToken cancellationToken) =>
        inner.OpenReadAsync(storageKey, knownLength, cancellationToken);

    public Task<bool> DeleteAsync(string storageKey, CancellationToken cancellationToken) => inner.DeleteAsync(storageKey, cancellationToken);

    public Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken) => inner.CleanUpLeftoversAsync(cancellationToken);
}

public static class StoreMissGateRegistration
{
    /// <summary>Puts a <see cref="StoreMissGate"/> (a singleton of the app) in front of the app's recording store.</summary>
    public static IServiceCollection GateStoreMisses(this IServiceCollection services)
    {
        var store = services.Last(d => d.ServiceType == typeof(IRecordingStore));
        var create = store.ImplementationFactory
            ?? throw new InvalidOperationException("The recording store is expected to be registered with a factory.");
        services.AddSingleton<StoreMissGate>();
        services.AddSingleton<IRecordingStore>(sp => new MissGatedRecordingStore((IRecordingStore)create(sp), sp.GetRequiredService<StoreMissGate>()));
        return services;
    }
}
