using Mediator;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Application.Recordings.Commands.HealPendingDownloads;

/// <summary>
/// The small periodic sweep that gives a recording its lost job again, so that the read endpoints need not repair
/// anything (a status poll and a peaks read only read):
/// <list type="bullet">
/// <item>every pending (queued or downloading) recording its download job, when the job is gone: a node stopped
/// between the commit and scheduling it, a job that gave up its retries while the recording was downloading, or a
/// download queued again in the instant its previous job was finishing (Quartz found the job, scheduled nothing, then
/// deleted it);</item>
/// <item>every ready recording that was never measured (no peaks) its analysis job, when the job is gone: a
/// <c>RecordingStored</c> published while the analysis job of the recording's previous copy was finishing, a node
/// stopped between the commit and scheduling it, an analysis that gave up its retries;</item>
/// <item>every recording awaiting redaction whose transcript is here its redaction job, when the job is gone (a node
/// stopped between the commit and scheduling it);</item>
/// <item>every call whose transcript or summary is queued and can run (a stored recording not yet transcribed; a done
/// transcript) its transcription or summary job, when the job is gone: a node stopped between the commit that queued
/// it and scheduling the job (the soak found calls whose node was SIGKILLed a second after storing the recording, and
/// whose transcript stayed queued for good);</item>
/// <item>every failed download Twilio still has a new download, <c>Recordings:RetryFailedAfter</c> after it was last
/// queued, at most <c>Recording.MaxAutomaticRetries</c> times: its attempts may all have been spent across passing
/// outages (the soak found one: Twilio down, then the store down), and nobody may ever press Try again.</item>
/// </list>
/// Returns how many jobs it made sure of.
/// </summary>
/// <remarks>
/// It reads the pending recordings only (an index on the recording's state) and the unmeasured ready ones (a partial
/// index), a handful at any moment, never every row; scheduling is a no-op for a job that exists, on any node.
/// </remarks>
public sealed record HealPendingDownloadsCommand : ICommand<int>
{
    /// <summary>At most this many rows of each kind per sweep (unmeasured, awaiting redaction, queued transcripts and summaries, failed downloads), the oldest first.</summary>
    public const int PerSweep = 100;
}

public sealed class HealPendingDownloadsCommandHandler(
    ICallRepository calls, IRecordingJobScheduler scheduler, IUnitOfWork unitOfWork, IOptions<RecordingsOptions> options, TimeProvider time)
    : ICommandHandler<HealPendingDownloadsCommand, int>
{
    public async ValueTask<int> Handle(HealPendingDownloadsCommand command, CancellationToken cancellationToken)
    {
        var ensured = 0;
        foreach (var (callSid, recordingSid) in Valid(await calls.ListPendingDownloadsAsync(cancellationToken)))
        {
            await scheduler.EnsureDownloadScheduledAsync(callSid, recordingSid, cancellationToken);
            ensured++;
        }

        var unmeasured = await calls.ListUnmeasuredRecordingsAsync(HealPendingDownloadsCommand.PerSweep, cancellationToken);
        foreach (var (callSid, recordingSid) in Valid(unmeasured))
        {
            await scheduler.EnsureAnalysisScheduledAsync(callSid, recordingSid, cancellationToken);
            ensured++;
        }

        var awaitingRedaction = await calls.ListRecordingsAwaitingRedactionAsync(HealPendingDownloadsCommand.PerSweep, cancellationToken);
        foreach (var (callSid, recordingSid) in Valid(awaitingRedaction))
        {
            await scheduler.EnsureRedactionScheduledAsync(callSid, recordingSid, cancellationToken);
            ensured++;
        }

        foreach (var callSid in (await calls.ListCallsWithProcessingDueAsync(ProcessingStep.Transcript, HealPendingDownloadsCommand.PerSweep, cancellationToken)).Where(Sid.IsCallSid))
        {
            await scheduler.EnsureTranscriptionScheduledAsync(callSid, cancellationToken);
            ensured++;
        }

        foreach (var callSid in (await calls.ListCallsWithProcessingDueAsync(ProcessingStep.Summary, HealPendingDownloadsCommand.PerSweep, cancellationToken)).Where(Sid.IsCallSid))
        {
            await scheduler.EnsureSummaryScheduledAsync(callSid, cancellationToken);
            ensured++;
        }

        if (options.Value.RetryFailedAfter > TimeSpan.Zero)
        {
            var failed = await calls.ListFailedDownloadsToRetryAsync(
                time.GetUtcNow() - options.Value.RetryFailedAfter, HealPendingDownloadsCommand.PerSweep, cancellationToken);
            foreach (var (callSid, recordingSid) in Valid(failed))
            {
                // Queuing it raises RecordingDownloadRequested: the pipeline schedules its job once this commits.
                if (await unitOfWork.UpdateCallAsync(calls, callSid, call => call.RetryFailedDownload(recordingSid, time.GetUtcNow()), cancellationToken))
                {
                    ensured++;
                }
            }
        }

        return ensured;
    }

    private static IEnumerable<PendingDownload> Valid(IEnumerable<PendingDownload> rows) =>
        rows.Where(row => Sid.IsCallSid(row.CallSid) && Sid.IsRecordingSid(row.RecordingSid));
}
