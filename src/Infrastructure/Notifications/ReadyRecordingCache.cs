using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// This node's memory of ready recordings (<c>Recordings:ReadyCacheEntries</c> of them), keyed by
/// <see cref="ReadyRecordingKey"/>: every announcement on <see cref="RecordingStateChannel"/> about a call's recording
/// forgets it (see <see cref="NodeMemory{TValue}"/>).
/// </summary>
public sealed class ReadyRecordingCache(int capacity) : NodeMemory<ReadyRecording>(capacity), IReadyRecordingCache
{
    public override string Channel => RecordingStateChannel.Name;

    public override string MetricName => "ready_recordings";

    /// <summary>
    /// <c>{callSid}</c> or <c>{callSid}/{recordingSid}</c>: the call's first recording (remembered as <c>{callSid}</c>)
    /// and the named one are forgotten, since either may be the one that changed.
    /// </summary>
    public override void OnNotification(string payload)
    {
        var callSid = RecordingStateChannel.CallSidOf(payload);
        Forget(callSid);
        if (callSid.Length != payload.Length)
        {
            Forget(payload);
        }
    }
}
