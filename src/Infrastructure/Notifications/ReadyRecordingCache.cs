using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// This node's memory of ready recordings (<c>Recordings:ReadyCacheEntries</c> of them), keyed by call SID: every
/// announcement about a call's recording forgets it (see <see cref="NodeMemory{TValue}"/>).
/// </summary>
public sealed class ReadyRecordingCache(int capacity) : NodeMemory<ReadyRecording>(capacity), IReadyRecordingCache;
