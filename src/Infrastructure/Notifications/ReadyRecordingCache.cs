using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// This node's memory of ready recordings, bounded to <c>Recordings:ReadyCacheEntries</c> entries (the least used go
/// first). It is trusted only while <see cref="RecordingStateListener"/> listens: every announcement about a call
/// forgets that call's entry, and a connection that breaks or starts again forgets all of them (announcements may
/// have been missed meanwhile). An entry read from the database before a forget is not added after it: each forget
/// moves <see cref="Version"/> on, and <see cref="Add"/> compares.
/// </summary>
public sealed class ReadyRecordingCache : IReadyRecordingCache, IDisposable
{
    private readonly MemoryCache? _entries;
    private readonly Lock _gate = new();
    private long _version;
    private volatile bool _trusted;

    /// <param name="capacity">How many recordings this node remembers at most; 0 remembers none.</param>
    public ReadyRecordingCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _entries = capacity == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
    }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>How many recordings are remembered now.</summary>
    public int Count => _entries?.Count ?? 0;

    public bool TryGet(string callSid, [NotNullWhen(true)] out ReadyRecording? recording)
    {
        recording = null;
        return _trusted && _entries is not null && _entries.TryGetValue(callSid, out recording) && recording is not null;
    }

    public void Add(string callSid, ReadyRecording recording, long versionBeforeRead)
    {
        ArgumentNullException.ThrowIfNull(recording);
        lock (_gate)
        {
            if (_trusted && _entries is not null && _version == versionBeforeRead)
            {
                _entries.Set(callSid, recording, new MemoryCacheEntryOptions { Size = 1 });
            }
        }
    }

    /// <summary>Something about this call was announced: its entry, if any, is forgotten.</summary>
    public void Forget(string callSid)
    {
        lock (_gate)
        {
            _version++;
            _entries?.Remove(callSid);
        }
    }

    /// <summary>The node listens (again): it starts from nothing, and trusts what it learns from now on.</summary>
    public void Trust() => Reset(trusted: true);

    /// <summary>The node may miss announcements: nothing is served from memory until it listens again.</summary>
    public void Distrust() => Reset(trusted: false);

    public void Dispose() => _entries?.Dispose();

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
