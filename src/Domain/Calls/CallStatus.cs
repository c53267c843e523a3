namespace Recordings.Domain.Calls;

/// <summary>Twilio's call statuses, in the order a call moves through them.</summary>
public enum CallStatus
{
    Unknown = 0,
    Queued,
    Initiated,
    Ringing,
    InProgress,

    // Final statuses: once one is reached the status no longer changes.
    Completed,
    Busy,
    NoAnswer,
    Canceled,
    Failed,
}

public static class CallStatuses
{
    /// <summary>Whether the call has ended: a final status no longer changes.</summary>
    public static bool IsFinal(this CallStatus status) => status >= CallStatus.Completed;
}
