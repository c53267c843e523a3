using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Common;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// Queues a recording's download job (and a call's transcription and summary jobs) in Quartz's tables, shared by every node. Idempotent across the cluster: the job's key
/// is the primary key of <c>qrtz_job_details</c>, so of two nodes racing to create it one wins and the other is told
/// the job already exists, which is what it wanted.
/// </summary>
/// <remarks>
/// "Exists" includes a job that is finishing and about to be deleted. The job looks at the recording once more after
/// its work (see <see cref="DownloadRecordingJob"/>), so a download queued again while it ran is picked up; one queued
/// in the last instant is healed by the next prepare or file request for the recording, by the heal sweep
/// (<c>HealPendingDownloadsCommand</c>, every <c>Recordings:HealInterval</c>) or by <see cref="RecordingRecoveryService"/>
/// at the next start; the status and peaks queries write nothing (ADR-016). Adding a second
/// trigger to a running job instead was tried and rejected: Quartz could fire it alongside the running one.
/// </remarks>
public sealed partial class QuartzRecordingJobScheduler(
    ISchedulerFactory schedulerFactory,
    IOptions<RecordingJobsOptions> options,
    ILogger<QuartzRecordingJobScheduler> logger) : IRecordingJobScheduler
{
    public async Task EnsureDownloadScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken)
    {
        if (!Sid.IsRecordingSid(recordingSid))
        {
            throw new ArgumentException("Not a recording SID (RE followed by 32 hex digits).", nameof(recordingSid));
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        if (await scheduler.Exists(PipelineJobKind.Download.KeyFor(ValidCallSid(callSid)), cancellationToken))
        {
            // A job queued before calls had several recordings (keyed by the call alone) downloads the call's first
            // recording: while it exists, a second job could download the same recording beside it.
            return;
        }

        await EnsureScheduledAsync<DownloadRecordingJob>(
            PipelineJobKind.Download, callSid, recordingSid, $"Download the recording {recordingSid} of call {callSid}", cancellationToken);
    }

    public Task EnsureAnalysisScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken) =>
        Sid.IsRecordingSid(recordingSid)
            ? EnsureScheduledAsync<AnalyzeRecordingJob>(PipelineJobKind.Analyze, callSid, recordingSid,
                $"Measure the audio of recording {recordingSid} of call {callSid}", cancellationToken)
            : throw new ArgumentException("Not a recording SID (RE followed by 32 hex digits).", nameof(recordingSid));

    public Task EnsureTwilioCopyDeletionScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken) =>
        Sid.IsRecordingSid(recordingSid)
            ? EnsureScheduledAsync<DeleteTwilioCopyJob>(PipelineJobKind.DeleteTwilioCopy, callSid, recordingSid,
                $"Delete Twilio's copy of recording {recordingSid} of call {callSid}", cancellationToken)
            : throw new ArgumentException("Not a recording SID (RE followed by 32 hex digits).", nameof(recordingSid));

    public Task EnsureTranscriptionScheduledAsync(string callSid, CancellationToken cancellationToken) =>
        EnsureScheduledAsync<TranscribeRecordingJob>(
            PipelineJobKind.Transcribe, callSid, null, $"Transcribe the recording of call {callSid}", cancellationToken);

    public Task EnsureSummaryScheduledAsync(string callSid, CancellationToken cancellationToken) =>
        EnsureScheduledAsync<SummarizeCallJob>(
            PipelineJobKind.Summarize, callSid, null, $"Summarize call {callSid}", cancellationToken);

    public Task EnsureRedactionScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken) =>
        Sid.IsRecordingSid(recordingSid)
            ? EnsureScheduledAsync<RedactRecordingJob>(PipelineJobKind.Redact, callSid, recordingSid,
                $"Redact recording {recordingSid} of call {callSid}", cancellationToken)
            : throw new ArgumentException("Not a recording SID (RE followed by 32 hex digits).", nameof(recordingSid));

    private static string ValidCallSid(string callSid) => Sid.IsCallSid(callSid)
        ? callSid
        : throw new ArgumentException("Not a call SID (CA followed by 32 hex digits).", nameof(callSid));

    /// <summary>The job of this kind for the call (and recording), in the kind's execution group.</summary>
    private async Task EnsureScheduledAsync<TJob>(
        PipelineJobKind kind, string callSid, string? recordingSid, string description, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var key = kind.KeyFor(ValidCallSid(callSid), recordingSid);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        for (var round = 0; ; round++)
        {
            try
            {
                // No separate existence check first: scheduling checks it under Quartz's lock, and throws when it exists.
                var job = JobBuilder.Create<TJob>()
                    .WithIdentity(key)
                    .WithDescription(description)
                    .RequestRecovery()
                    .StoreDurably(false)
                    .CarryingCurrentTrace()
                    .Build();
                await scheduler.ScheduleJob(job, Trigger(key, key.Name, kind.ExecutionGroup), cancellationToken: cancellationToken);
                LogScheduled(logger, key.Name);
                return;
            }
            catch (ObjectAlreadyExistsException)
            {
                // Scheduled already (by an earlier request, another node, or this request's retry): it exists, as asked.
                return;
            }
            catch (JobPersistenceException) when (round < 2)
            {
                // Quartz's store failed this once (for example its lock's transaction was rolled back): start over.
            }
        }
    }

    private ITrigger Trigger(JobKey key, string name, string? executionGroup) => TriggerBuilder.Create()
        .WithIdentity(new TriggerKey(name, key.Group))
        .ForJob(key)
        .WithExecutionGroup(executionGroup)
        .StartNow()
        .WithRetryPolicy(RetryPolicyFor(options.Value))
        .Build();

    /// <summary>
    /// Whether the download job of this recording exists (waiting, running, or waiting to be retried), or one queued
    /// before calls had several recordings, which downloads the call's first.
    /// </summary>
    public async Task<bool> IsDownloadScheduledAsync(string callSid, string recordingSid, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        return await scheduler.Exists(PipelineJobKind.Download.KeyFor(callSid, recordingSid), cancellationToken)
            || await scheduler.Exists(PipelineJobKind.Download.KeyFor(callSid), cancellationToken);
    }

    /// <summary>
    /// How a failed download job is run again: after <see cref="RecordingJobsOptions.DownloadRetryDelay"/>, doubling,
    /// at most <see cref="RecordingJobsOptions.MaxRetryDelay"/> apart, <see cref="RecordingJobsOptions.DownloadMaxAttempts"/>
    /// runs in all. Stored with the trigger, so it holds on whichever node runs the retry.
    /// </summary>
    public static RetryPolicy RetryPolicyFor(RecordingJobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DownloadMaxAttempts <= 1
            ? RetryPolicy.None
            : RetryPolicy.Exponential(options.DownloadMaxAttempts - 1, options.DownloadRetryDelay, 2, RecordingJobsOptions.MaxRetryDelay);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobName} scheduled")]
    private static partial void LogScheduled(ILogger logger, string jobName);
}
