using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Demo;

public enum ReleaseStoredRecordingResult
{
    Released,

    /// <summary>No such call.</summary>
    NotFound,

    /// <summary>The recording is not stored here (not <c>ready</c>): nothing to release.</summary>
    NotStored,

    /// <summary>A transcript or summary is queued or running and still needs the file: try again later.</summary>
    InUse,

    /// <summary>Twilio's copy was deleted: ours is the only one, and is never released.</summary>
    OnlyCopy,
}

/// <summary>
/// Removes our stored copy of a call's first recording; the recording stays at Twilio (state <c>remote</c>) and the
/// next play downloads it again. Transcript and summary are kept. Demo mode uses it to leave recordings "at Twilio"
/// (ADR-004); the product has no use for it (retention deletes both copies), so it lives in the demo host, on the
/// product's ports.
/// </summary>
public sealed partial class StoredRecordingRelease(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    TimeProvider time,
    ILogger<StoredRecordingRelease> logger)
{
    public async Task<ReleaseStoredRecordingResult> ReleaseAsync(string callSid, CancellationToken cancellationToken)
    {
        var result = await unitOfWork.UpdateCallAsync(calls, callSid, async (call, ct) =>
        {
            // The row lock is held while the file goes: no download, transcription or summary of this call starts in
            // between. Should the commit fail after the delete, the row says ready without a file, which the next
            // request notices (the call's decision: StoredCopyGone) and heals by downloading again.
            if (call is null)
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.NotFound);
            }

            var recording = call.Recording;
            if (recording is not { State: RecordingState.Ready, RecordingSid: { } recordingSid })
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.NotStored);
            }

            if (!recording.AtTwilio)
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.OnlyCopy);
            }

            if (IsBusy(call.TranscriptState) || IsBusy(call.SummaryState))
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.InUse);
            }

            if (recording.StorageKey is { } key)
            {
                await store.DeleteAsync(key, ct);
            }

            call.MarkRecordingFileLost(recordingSid, time.GetUtcNow());
            return LockedChange.Saved(ReleaseStoredRecordingResult.Released);
        }, cancellationToken);

        if (result == ReleaseStoredRecordingResult.Released)
        {
            LogReleased(logger, callSid);
        }

        return result;
    }

    private static bool IsBusy(ProcessingState state) => state is ProcessingState.Queued or ProcessingState.Running;

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the stored recording of {CallSid}; it is at Twilio again")]
    private static partial void LogReleased(ILogger logger, string callSid);
}
