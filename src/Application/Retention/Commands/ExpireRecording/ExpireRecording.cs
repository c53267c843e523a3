using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Retention.Commands.ExpireRecording;

/// <summary>
/// Expires one recording under the retention policy, if its call started before <paramref name="StartedBefore"/> and it
/// can still expire: sent by the retention sweep, several at once (<c>Recordings:RetentionParallelism</c>), each in a
/// scope of its own.
/// </summary>
public sealed record ExpireRecordingCommand(string CallSid, string RecordingSid, DateTimeOffset StartedBefore) : ICommand<ExpiryOutcome>;

/// <summary>What one expiry did: <c>Expired</c>, <c>Unchanged</c> (nothing to do any more) or <c>Failed</c> (logged; the next run tries again).</summary>
public enum ExpiryOutcome
{
    Unchanged,
    Expired,
    Failed,
}

public sealed partial class ExpireRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    IRecordingPeaksStore peaks,
    ITwilioRestApi twilio,
    TimeProvider time,
    ILogger<ExpireRecordingCommandHandler> logger) : ICommandHandler<ExpireRecordingCommand, ExpiryOutcome>
{
    /// <summary>
    /// Under the call's row lock (no download, release or play of it starts meanwhile): Twilio's copy first, then ours,
    /// then the state. A failure leaves the state as it was (what was deleted is recorded), for the next run.
    /// </summary>
    public async ValueTask<ExpiryOutcome> Handle(ExpireRecordingCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (callSid, recordingSid) = (command.CallSid, command.RecordingSid);
        try
        {
            return await unitOfWork.UpdateCallAsync(calls, callSid, async (call, ct) =>
            {
                var recording = call?.RecordingFor(recordingSid);
                if (call is null || recording is null || !recording.CanExpire || (call.StartedAt ?? call.CreatedAt) >= command.StartedBefore)
                {
                    return LockedChange.Unchanged(ExpiryOutcome.Unchanged);
                }

                if (recording.AtTwilio)
                {
                    await twilio.DeleteRecordingAsync(recordingSid, ct);
                }

                if (recording.StorageKey is { } key)
                {
                    await store.DeleteAsync(key, ct);
                }

                if (recording.Original is { } original)
                {
                    // The encrypted unredacted original goes with the audio.
                    await store.DeleteAsync(original.StorageKey, ct);
                }

                // The waveform is a picture of the audio: it goes with it (the metrics, a few numbers, stay).
                await peaks.DeleteAsync(callSid, recordingSid, ct);

                call.ExpireRecording(recordingSid, time.GetUtcNow());
                LogExpired(logger, recordingSid, callSid);
                return LockedChange.Saved(ExpiryOutcome.Expired);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is TwilioApiException or IOException)
        {
            LogExpiryFailed(logger, ex, recordingSid, callSid);
            return ExpiryOutcome.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted the audio of recording {RecordingSid} of call {CallSid} (ours and Twilio's)")]
    private static partial void LogExpired(ILogger logger, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention: could not delete recording {RecordingSid} of call {CallSid}; the next run tries again")]
    private static partial void LogExpiryFailed(ILogger logger, Exception exception, string recordingSid, string callSid);
}
