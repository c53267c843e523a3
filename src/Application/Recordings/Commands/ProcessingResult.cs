namespace Recordings.Application.Recordings.Commands;

/// <summary>How a transcription or summary run ended.</summary>
public enum ProcessingResult
{
    /// <summary>Nothing was queued (done already, disabled, or the recording is not here).</summary>
    NothingToDo,
    Done,

    /// <summary>A transient failure: queued again; the job tries later.</summary>
    Requeued,

    /// <summary>Gave up (the job's last attempt): the state says failed.</summary>
    Failed,
}

/// <summary>A run that failed and is queued again: the job layer retries it later with backoff.</summary>
public sealed class ProcessingRetryException(string message, Exception inner) : Exception(message, inner);
