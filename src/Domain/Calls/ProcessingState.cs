namespace Recordings.Domain.Calls;

/// <summary>State of a transcript or a summary of a call.</summary>
public enum ProcessingState
{
    None = 0,
    Queued,
    Running,
    Done,
    Failed,
    Disabled,
}
