using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Retention.Commands.ApplyRetention;

/// <summary>
/// Run by the retention job (every <c>Recordings:RetentionInterval</c>, one node at a time): for each business with a
/// policy, deletes the audio of recordings whose call started more than <c>audioDays</c> ago (Twilio's copy when it
/// still exists, then ours) and marks them expired, and deletes transcripts and summaries older than
/// <c>transcriptDays</c>. Audit entries are never touched. A recording whose deletion fails (Twilio or the store down)
/// keeps its state and is tried again by the next run; the failure is logged and counted.
/// </summary>
public sealed record ApplyRetentionCommand : ICommand<RetentionReport>;

/// <summary>What one retention run did.</summary>
public sealed record RetentionReport(int RecordingsExpired, int TranscriptsExpired, int Errors);

public sealed partial class ApplyRetentionCommandHandler(
    IBusinessRepository businesses,
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    IRecordingPeaksStore peaks,
    ITwilioRestApi twilio,
    TimeProvider time,
    ILogger<ApplyRetentionCommandHandler> logger) : ICommandHandler<ApplyRetentionCommand, RetentionReport>
{
    /// <summary>At most this many recordings, and transcripts, per business per run (the next run goes on).</summary>
    public const int BatchSize = 500;

    public async ValueTask<RetentionReport> Handle(ApplyRetentionCommand command, CancellationToken cancellationToken)
    {
        var (recordings, transcripts, errors) = (0, 0, 0);
        foreach (var policy in await businesses.ListRetentionPoliciesAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (policy.AudioDays is { } audioDays)
            {
                foreach (var (callSid, recordingSid) in await calls.ListRecordingsToExpireAsync(
                    policy.BusinessId, now.AddDays(-audioDays), BatchSize, cancellationToken))
                {
                    try
                    {
                        recordings += await ExpireRecordingAsync(callSid, recordingSid, now.AddDays(-audioDays), cancellationToken) ? 1 : 0;
                    }
                    catch (Exception ex) when (ex is TwilioApiException or IOException)
                    {
                        errors++;
                        LogExpiryFailed(logger, ex, recordingSid, callSid);
                    }
                }
            }

            if (policy.TranscriptDays is { } transcriptDays)
            {
                foreach (var callSid in await calls.ListTranscriptsToExpireAsync(
                    policy.BusinessId, now.AddDays(-transcriptDays), BatchSize, cancellationToken))
                {
                    transcripts += await unitOfWork.UpdateCallAsync(calls, callSid, call => call.ExpireTranscript(time.GetUtcNow()), cancellationToken) ? 1 : 0;
                }
            }
        }

        LogRun(logger, recordings, transcripts, errors);
        return new RetentionReport(recordings, transcripts, errors);
    }

    /// <summary>
    /// Under the call's row lock (no download, release or play of it starts meanwhile): Twilio's copy first, then ours,
    /// then the state. A failure leaves the state as it was (what was deleted is recorded), for the next run.
    /// </summary>
    private async Task<bool> ExpireRecordingAsync(string callSid, string recordingSid, DateTimeOffset startedBefore, CancellationToken cancellationToken) =>
        await unitOfWork.UpdateCallAsync(calls, callSid, async (call, ct) =>
        {
            var recording = call?.RecordingFor(recordingSid);
            if (call is null || recording is null || !recording.CanExpire || (call.StartedAt ?? call.CreatedAt) >= startedBefore)
            {
                return LockedChange.Unchanged(false);
            }

            if (recording.AtTwilio)
            {
                await twilio.DeleteRecordingAsync(recordingSid, ct);
            }

            if (recording.StorageKey is { } key)
            {
                await store.DeleteAsync(key, ct);
            }

            // The waveform is a picture of the audio: it goes with it (the metrics, a few numbers, stay).
            await peaks.DeleteAsync(callSid, recordingSid, ct);

            call.ExpireRecording(recordingSid, time.GetUtcNow());
            LogExpired(logger, recordingSid, callSid);
            return LockedChange.Saved(true);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted the audio of recording {RecordingSid} of call {CallSid} (ours and Twilio's)")]
    private static partial void LogExpired(ILogger logger, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention: could not delete recording {RecordingSid} of call {CallSid}; the next run tries again")]
    private static partial void LogExpiryFailed(ILogger logger, Exception exception, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run: {Recordings} recording(s) and {Transcripts} transcript(s) expired, {Errors} error(s)")]
    private static partial void LogRun(ILogger logger, int recordings, int transcripts, int errors);
}
