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

    /// <summary>Deleted under the business's retention policy.</summary>
    Expired,
}

/// <summary>A step of the pipeline after the download, with the same states: the transcript, then the summary.</summary>
public enum ProcessingStep
{
    Transcript,
    Summary,
}
