using Recordings.Application.Common.Events;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Pipeline;

// The recording pipeline, top to bottom. Each step is a domain event that CallLog raises as part of a state change,
// and a handler here that runs once the change is committed (Infrastructure's unit of work publishes the events).
//
//   Twilio's completed callback, an agent's prepare or a retry   -> RecordingDownloadRequested -> ScheduleDownload
//   the download job (DownloadRecording) stores it, or gives up  -> RecordingSettled           -> WakeWaitingRequests
//   ... stores it, complete and verified                         -> RecordingStored            -> ScheduleTwilioCopyDeletion
//     (for a business that redacts: once the redacted copy is)                                  -> ScheduleAnalysis
//   a stored recording whose transcript is queued                -> TranscriptionDue           -> ScheduleTranscription
//   the transcription job (TranscribeRecording) is done          -> SummaryDue                 -> ScheduleSummary
//     ... and redacted the words of a recording awaiting it      -> RedactionDue               -> ScheduleRedaction
//   the redaction job (RedactRecording) stored the redacted copy -> RecordingStored (above), RecordingSettled
//   the summary job (SummarizeCall) is done                      -> (end of the pipeline)
//   a ready recording's file is released or found lost           -> RecordingFileGone          -> ForgetStoredFile
//
// Adding a step: raise an event where the state it needs comes about (CallLog), add a handler here that schedules its
// job (IRecordingJobScheduler), and a job that sends the step's command.

/// <summary>Queues the download job of a recording (a no-op while the recording's job exists: exactly one download).</summary>
public sealed class ScheduleDownload(IRecordingJobScheduler scheduler) : PipelineStep<RecordingDownloadRequested>
{
    protected override async ValueTask HandleAsync(RecordingDownloadRequested domainEvent, CancellationToken cancellationToken) =>
        await scheduler.EnsureDownloadScheduledAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
}

/// <summary>
/// With <c>Twilio:DeleteAfterDownload</c>, queues the deletion of Twilio's copy of a recording just stored (the job
/// checks our copy again before it deletes anything); always once a redacted copy is stored, since Twilio's is not.
/// </summary>
public sealed class ScheduleTwilioCopyDeletion(IRecordingJobScheduler scheduler, IOptions<TwilioCopyOptions> options) : PipelineStep<RecordingStored>
{
    protected override async ValueTask HandleAsync(RecordingStored domainEvent, CancellationToken cancellationToken)
    {
        if (options.Value.DeleteAfterDownload || domainEvent.Redacted)
        {
            await scheduler.EnsureTwilioCopyDeletionScheduledAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
        }
    }
}

/// <summary>Queues the measuring of a recording just stored: talk, silences and the waveform's peaks (AnalyzeRecording).</summary>
public sealed class ScheduleAnalysis(IRecordingJobScheduler scheduler) : PipelineStep<RecordingStored>
{
    protected override async ValueTask HandleAsync(RecordingStored domainEvent, CancellationToken cancellationToken) =>
        await scheduler.EnsureAnalysisScheduledAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
}

/// <summary>Wakes the requests held with <c>Prefer: wait</c> for this recording, on every node (NOTIFY).</summary>
public sealed class WakeWaitingRequests(IRecordingStateSignal signal) : PipelineStep<RecordingSettled>
{
    protected override async ValueTask HandleAsync(RecordingSettled domainEvent, CancellationToken cancellationToken) =>
        await signal.PublishAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
}

/// <summary>Every node forgets what it remembered about the stored file (NOTIFY, like a settled download).</summary>
public sealed class ForgetStoredFile(IRecordingStateSignal signal) : PipelineStep<RecordingFileGone>
{
    protected override async ValueTask HandleAsync(RecordingFileGone domainEvent, CancellationToken cancellationToken) =>
        await signal.PublishAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
}

/// <summary>Queues the transcription job once the recording is stored and a transcript was asked for.</summary>
public sealed class ScheduleTranscription(IRecordingJobScheduler scheduler) : PipelineStep<TranscriptionDue>
{
    protected override async ValueTask HandleAsync(TranscriptionDue domainEvent, CancellationToken cancellationToken) =>
        await scheduler.EnsureTranscriptionScheduledAsync(domainEvent.CallSid, cancellationToken);
}

/// <summary>Queues the redaction job of a recording once its transcript says what to remove from it.</summary>
public sealed class ScheduleRedaction(IRecordingJobScheduler scheduler) : PipelineStep<RedactionDue>
{
    protected override async ValueTask HandleAsync(RedactionDue domainEvent, CancellationToken cancellationToken) =>
        await scheduler.EnsureRedactionScheduledAsync(domainEvent.CallSid, domainEvent.RecordingSid, cancellationToken);
}

/// <summary>Queues the summary job once the transcript is done.</summary>
public sealed class ScheduleSummary(IRecordingJobScheduler scheduler) : PipelineStep<SummaryDue>
{
    protected override async ValueTask HandleAsync(SummaryDue domainEvent, CancellationToken cancellationToken) =>
        await scheduler.EnsureSummaryScheduledAsync(domainEvent.CallSid, cancellationToken);
}
