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
