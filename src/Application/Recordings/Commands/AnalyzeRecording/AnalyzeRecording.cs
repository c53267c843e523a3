using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.AnalyzeRecording;

/// <summary>
/// Run by the analysis job once a recording is stored: measures its audio once (talk, silence and overtalk per
/// speaker, the silences, the waveform's peaks, and how long it is) and keeps what it measured. The engine runs outside
/// any transaction; the result is kept only if the recording is still the ready one that was measured. A stored file
/// found gone is downloaded again (and measured after it), as the file endpoint would; a lost only copy fails.
/// </summary>
public sealed record AnalyzeRecordingCommand(string CallSid, string RecordingSid) : ICommand<bool>;

public sealed partial class AnalyzeRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    IAudioAnalyzer analyzer,
    IRecordingPeaksStore peaks,
    IRecordingJobScheduler scheduler,
    TimeProvider time,
    ILogger<AnalyzeRecordingCommandHandler> logger) : ICommandHandler<AnalyzeRecordingCommand, bool>
{
    public async ValueTask<bool> Handle(AnalyzeRecordingCommand command, CancellationToken cancellationToken)
    {
        var call = await calls.FindAsync(command.CallSid, cancellationToken);
        var recording = call?.RecordingFor(command.RecordingSid);
        if (recording is not { State: RecordingState.Ready, AwaitsRedaction: false, AnalyzedAt: null, StorageKey: { } key, TotalBytes: { } length })
        {
            return false;
        }

        if (!await StoredCopies.IsInStorageAsync(store, scheduler, command.CallSid, command.RecordingSid, key, length, cancellationToken))
        {
            // Gone from storage (moved, or restored without it): no attempt of this job could find it, so it is not a
            // fault to retry. Downloaded again while Twilio has it (RecordingStored then measures it); a lost only copy
            // fails, with the sentence that says so.
            var storedAt = recording.StoredAt;
            await unitOfWork.UpdateCallAsync(calls, command.CallSid,
                locked => locked.RecoverLostRecordingFile(command.RecordingSid, storedAt, time.GetUtcNow()), cancellationToken);
            LogNotInStorage(logger, command.RecordingSid, command.CallSid, recording.AtTwilio);
            return false;
        }

        AudioInsight insight;
        try
        {
            await using var audio = await store.OpenReadAsync(key, length, cancellationToken);
            insight = await analyzer.AnalyzeAsync(audio, recording.Channels == 2 ? 2 : 1, cancellationToken);
        }
        catch (AudioUndecodableException ex)
        {
            // Not a fault to retry: the same bytes fail the same way. An empty waveform over no decoded audio says
            // "measured, nothing to draw" (the player keeps its plain seek bar and stops asking); no metrics are claimed,
            // and the recording's length stays what Twilio said.
            await peaks.SaveAsync(command.CallSid, command.RecordingSid, 0, [], cancellationToken);
            LogUndecodable(logger, command.RecordingSid, command.CallSid, ex.Message);
            return false;
        }

        // The peaks span the decoded audio, and its length is the recording's from now on (Twilio's may be wrong).
        await peaks.SaveAsync(command.CallSid, command.RecordingSid, insight.DurationSeconds, insight.Lanes, cancellationToken);
        var kept = await unitOfWork.UpdateCallAsync(calls, command.CallSid, locked =>
            locked.RecordingFor(command.RecordingSid)?.StorageKey == key
            && locked.RecordInsight(command.RecordingSid, insight.Metrics, insight.Silences, insight.DurationSeconds, time.GetUtcNow()),
            cancellationToken);
        LogAnalyzed(logger, command.RecordingSid, command.CallSid, insight.DurationSeconds, recording.DurationSeconds, insight.Silences.Count);
        return kept;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {RecordingSid} of call {CallSid} could not be measured: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string recordingSid, string callSid, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recording {RecordingSid} of call {CallSid} is not in storage as it was stored; still at Twilio: {AtTwilio} (downloaded again, else failed as a lost only copy)")]
    private static partial void LogNotInStorage(ILogger logger, string recordingSid, string callSid, bool atTwilio);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Analyzed recording {RecordingSid} of call {CallSid}: {Seconds} s of audio (Twilio said {TwilioSeconds} s), {Silences} silence(s)")]
    private static partial void LogAnalyzed(ILogger logger, string recordingSid, string callSid, double seconds, int? twilioSeconds, int silences);
}
