using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// The channel on which a change of a call's recording is announced to every node (<see cref="PostgresRecordingStateSignal"/>):
/// the payload is <c>{callSid}</c>, or <c>{callSid}/{recordingSid}</c> when one recording changed. Heard by the waiters of
/// <c>Prefer: wait</c> (<see cref="RecordingStateWaiters"/>) and the memory of ready recordings (<see cref="ReadyRecordingCache"/>).
/// </summary>
public static class RecordingStateChannel
{
    public const string Name = "recording_state";

    /// <summary>The payload announcing a change of the call's recording (the named one, or the call's when null).</summary>
    public static string Payload(string callSid, string? recordingSid) => ReadyRecordingKey.For(callSid, recordingSid);

    /// <summary>The call a payload names.</summary>
    public static string CallSidOf(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var separator = payload.IndexOf('/', StringComparison.Ordinal);
        return separator < 0 ? payload : payload[..separator];
    }
}
