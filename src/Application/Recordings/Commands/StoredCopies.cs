using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Recordings.Commands;

/// <summary>How a step of the pipeline (transcription, analysis) tells whether a ready recording's stored copy is still there.</summary>
internal static class StoredCopies
{
    /// <summary>
    /// Whether storage has the recording's copy as it was stored (found, with its length). When it has not, the step
    /// downloads it again (<c>CallLog.RecoverLostRecordingFile</c>), whose job is keyed by the recording: while the
    /// download job that stored the copy still exists (it is finishing: a step starts as soon as its download commits),
    /// a new one could not be scheduled and the recording would wait queued without a job. So then this throws
    /// <see cref="RecordingDownloadFinishingException"/>, and the step's job tries again a moment later, when that job
    /// is gone.
    /// </summary>
    public static async Task<bool> IsInStorageAsync(
        IRecordingStore store, IRecordingJobScheduler scheduler, string callSid, string recordingSid, string storageKey, long? length,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(storageKey, cancellationToken) is { } file && file.Length == length)
        {
            return true;
        }

        return await scheduler.IsDownloadScheduledAsync(callSid, recordingSid, cancellationToken)
            ? throw new RecordingDownloadFinishingException(recordingSid)
            : false;
    }
}

/// <summary>
/// A stored copy is gone while the download job that stored it still exists: the step is tried again shortly (a
/// transient failure), when a download can be scheduled again.
/// </summary>
public sealed class RecordingDownloadFinishingException(string recordingSid)
    : Exception($"The recording {recordingSid} is not in storage, and the download job that stored it has not ended yet: trying again shortly.");
