using Recordings.Application.Common.Metrics;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;

namespace Recordings.Application.Recordings.Commands.DownloadRecording;

/// <summary>
/// Run by the download job: downloads one recording of a call from Twilio into storage. When the recording was queued
/// again while it ran (a failed download retried by prepare), it downloads again, at most <see cref="MaxRuns"/> times
/// in one go, so that no queued recording is left without a job.
/// </summary>
/// <param name="RecordingSid">The recording; null (a job queued before calls had several recordings): the call's first.</param>
public sealed record DownloadRecordingCommand(string CallSid, string? RecordingSid = null) : ICommand<DownloadRecordingResult>;

public enum DownloadRecordingResult
{
    /// <summary>Nothing to do: the recording is not queued (already ready, missing, or no such call).</summary>
    NothingToDo,
    Ready,
    Failed,
    Missing,
}

public sealed partial class DownloadRecordingCommandHandler(
    ICallRepository calls,
    IBusinessRepository businesses,
    IUnitOfWork unitOfWork,
    ITwilioMediaClient media,
    IRecordingStore store,
    IRecordingProgressWriter progressWriter,
    TimeProvider time,
    ILogger<DownloadRecordingCommandHandler> logger) : ICommandHandler<DownloadRecordingCommand, DownloadRecordingResult>
{
    /// <summary>Progress is written at most this often while bytes stream in.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public const string StorageError = "Our recording storage did not accept the recording. The recording is safe at Twilio: press Try again in a few minutes, and tell your administrator if it keeps failing.";

    /// <summary>How many downloads one command runs at most (the first, and re-queued ones found after it).</summary>
    public const int MaxRuns = 3;

    public async ValueTask<DownloadRecordingResult> Handle(DownloadRecordingCommand command, CancellationToken cancellationToken)
    {
        var outcome = DownloadRecordingResult.NothingToDo;
        for (var run = 0; run < MaxRuns; run++)
        {
            // After a download, the next runs only when the recording was queued again meanwhile, which a plain read
            // tells: no lock and no transaction for the usual answer (issue 22: the transactions per download).
            if (run > 0 && !await QueuedAgainAsync(command, cancellationToken))
            {
                break;
            }

            var result = await DownloadOnceAsync(command.CallSid, command.RecordingSid, cancellationToken);
            if (result == DownloadRecordingResult.NothingToDo)
            {
                break;
            }

            outcome = result;
        }

        return outcome;
    }

    private async Task<bool> QueuedAgainAsync(DownloadRecordingCommand command, CancellationToken cancellationToken) =>
        (await calls.FindAsync(command.CallSid, cancellationToken))?.RecordingFor(command.RecordingSid)?.State == RecordingState.Queued;

    private async Task<DownloadRecordingResult> DownloadOnceAsync(string callSid, string? recordingSid, CancellationToken cancellationToken)
    {
        MediaDownloadRequest? request = null;
        Guid? businessId = null;
        await unitOfWork.UpdateCallAsync(calls, callSid, call =>
        {
            businessId = call.BusinessId;
            var recording = call.RecordingFor(recordingSid);
            if (recording is not { RecordingUrl: { } url, RecordingSid: { } sid } || !call.StartRecordingDownload(sid, time.GetUtcNow())
                || recording.StorageKey is not { } key)
            {
                return false;
            }

            recordingSid = sid;
            request = new MediaDownloadRequest(callSid, key, url, recording.CompletedAt ?? time.GetUtcNow(), recording.Channels);
            return true;
        }, cancellationToken);

        if (request is null || recordingSid is null)
        {
            LogNothingToDo(logger, callSid);
            return DownloadRecordingResult.NothingToDo;
        }

        MediaDownloadResult result;
        try
        {
            result = await media.DownloadAsync(request, store, Throttled(callSid, recordingSid), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk, not Twilio: report it on the recording (prepare can try again) instead of leaving it downloading.
            LogStorageFault(logger, ex, callSid);
            result = MediaDownloadResult.Failure(StorageError, 0);
        }

        // A business that redacts gets the recording stored unredacted and awaiting redaction (read before the lock: the
        // policy is the business's, not the call's, and a change of it applies to recordings stored from then on).
        var redact = result.Outcome == MediaDownloadOutcome.Stored && businessId is { } owner
            && (await businesses.FindRedactionPolicyAsync(owner, cancellationToken) ?? RedactionPolicy.Off).Enabled;

        // Settling the recording raises RecordingSettled (waiting requests wake up) and, when a transcript is queued,
        // TranscriptionDue: Application/Pipeline takes it from there once this transaction commits.
        var settled = await unitOfWork.UpdateCallAsync(calls, callSid, (call, _) =>
        {
            var now = time.GetUtcNow();
            if (call?.RecordingFor(recordingSid)?.State == RecordingState.Queued)
            {
                // Queued again while this download ran: this download's outcome answers that request too, and no
                // recording is left queued without a job to run it.
                LogQueuedWhileRunning(logger, callSid);
                call.StartRecordingDownload(recordingSid, now);
            }

            if (call is null || call.RecordingFor(recordingSid)?.State != RecordingState.Downloading)
            {
                return Task.FromResult(LockedChange.Unchanged(DownloadRecordingResult.NothingToDo));
            }

            var outcome = result.Outcome switch
            {
                MediaDownloadOutcome.Stored when result.Stored is { } stored =>
                    call.CompleteRecordingDownload(recordingSid, stored.Length, stored.Sha256, now, redact) ? DownloadRecordingResult.Ready : DownloadRecordingResult.NothingToDo,
                MediaDownloadOutcome.Gone =>
                    call.MarkRecordingGone(recordingSid, result.Error ?? "Twilio has no such recording.", now) ? DownloadRecordingResult.Missing : DownloadRecordingResult.NothingToDo,
                _ => call.FailRecordingDownload(recordingSid, result.Error ?? "The download failed.", now) ? DownloadRecordingResult.Failed : DownloadRecordingResult.NothingToDo,
            };
            LogFinished(logger, callSid, outcome, result.Attempts, result.Error);
            return Task.FromResult(LockedChange.Saved(outcome));
        }, cancellationToken);
        Measure(settled, request.CompletedAt, redact);
        return settled;
    }

    /// <summary>
    /// The metrics <c>recordings_downloads_total{outcome}</c> and <c>recordings_webhook_to_playable_seconds</c> (a
    /// recording of a business that redacts is playable only once redacted: RedactRecording measures it then).
    /// </summary>
    private void Measure(DownloadRecordingResult outcome, DateTimeOffset completedAt, bool redact)
    {
        switch (outcome)
        {
            case DownloadRecordingResult.Ready:
                RecordingsMetrics.Downloaded("ready");
                if (!redact)
                {
                    RecordingsMetrics.Playable(completedAt, time.GetUtcNow());
                }

                break;
            case DownloadRecordingResult.Failed:
                RecordingsMetrics.Downloaded("failed");
                break;
            case DownloadRecordingResult.Missing:
                RecordingsMetrics.Downloaded("missing");
                break;
        }
    }

    private Func<long, long?, CancellationToken, ValueTask> Throttled(string callSid, string recordingSid)
    {
        DateTimeOffset? lastWrite = null;
        return async (bytes, total, ct) =>
        {
            var now = time.GetUtcNow();
            var finished = total is { } t && bytes >= t;
            if (lastWrite is { } last && now - last < ProgressInterval && !finished)
            {
                return;
            }

            lastWrite = now;
            await progressWriter.WriteAsync(callSid, recordingSid, bytes, total, ct);
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recording of call {CallSid} was queued again while its download ran; the download's outcome stands for both")]
    private static partial void LogQueuedWhileRunning(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Download of the recording of call {CallSid}: nothing to do (not queued)")]
    private static partial void LogNothingToDo(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Download of the recording of call {CallSid}: storage fault")]
    private static partial void LogStorageFault(ILogger logger, Exception exception, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Download of the recording of call {CallSid} finished: {Outcome} after {Attempts} attempt(s) {Error}")]
    private static partial void LogFinished(ILogger logger, string callSid, DownloadRecordingResult outcome, int attempts, string? error);
}
