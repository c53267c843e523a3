using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// What one node remembers of rows that other nodes may change, kept honest by the announcements on its own
/// <see cref="Channel"/>, which it hears through the node's LISTEN connection (<see cref="PostgresNotificationListener"/>):
/// bounded (the least used go first), trusted only while the node listens, every announcement about a key forgets it
/// (<see cref="OnNotification"/> says which keys a payload names), and a connection that breaks or starts again forgets
/// everything (announcements may have been missed meanwhile). A value read from the database before a forget is not
/// added after it: each forget moves <see cref="Version"/> on, and <see cref="Add"/> compares.
/// </summary>
public abstract class NodeMemory<TValue> : INotificationSubscriber, IDisposable
    where TValue : class
{
    private readonly MemoryCache? _entries;
    private readonly Lock _gate = new();
    private long _version;
    private volatile bool _trusted;

    /// <param name="capacity">How many entries this node keeps at most; 0 keeps none.</param>
    protected NodeMemory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _entries = capacity == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
    }

    /// <summary>The channel on which changes of what this memory holds are announced.</summary>
    public abstract string Channel { get; }

    /// <summary>Taken before reading the database, and given back to <see cref="Add"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>How many entries are kept now.</summary>
    public int Count => _entries?.Count ?? 0;

    /// <summary>This memory's name on the metrics <c>recordings_node_memory_hits_total{cache}</c> and <c>..._misses_total</c>.</summary>
    public virtual string MetricName => GetType().Name;

    public bool TryGet(string key, [NotNullWhen(true)] out TValue? value)
    {
        value = null;
        var hit = _trusted && _entries is not null && _entries.TryGetValue(key, out value) && value is not null;
        Application.Common.Metrics.RecordingsMetrics.NodeMemory(MetricName, hit);
        return hit;
    }

    /// <summary>Keeps a value read from the database, unless anything was forgotten since <paramref name="versionBeforeRead"/>.</summary>
    public void Add(string key, TValue value, long versionBeforeRead)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (_trusted && _entries is not null && _version == versionBeforeRead)
            {
                _entries.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
            }
        }
    }

    /// <summary>Something about this key was announced (or done here): its entry, if any, is forgotten.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _version++;
            _entries?.Remove(key);
        }
    }

    /// <summary>An announcement on <see cref="Channel"/>: forgets every key its payload names.</summary>
    public abstract void OnNotification(string payload);

    /// <summary>The node listens (again): it starts from nothing, and trusts what it learns from now on.</summary>
    public void Trust() => Reset(trusted: true);

    /// <summary>The node may miss announcements: nothing is served from memory until it listens again.</summary>
    public void Distrust() => Reset(trusted: false);

    void INotificationSubscriber.OnListening() => Trust();

    void INotificationSubscriber.OnConnectionLost() => Distrust();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _entries?.Dispose();
        }
    }

    private void Reset(bool trusted)
    {
        lock (_gate)
        {
            _version++;
            _trusted = trusted;
            _entries?.Clear();
        }
    }
}
