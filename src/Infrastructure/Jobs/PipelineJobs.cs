using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands.AnalyzeRecording;
using Recordings.Application.Recordings.Commands.DeleteTwilioCopy;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Application.Recordings.Commands.GiveUpProcessing;
using Recordings.Application.Recordings.Commands.RedactRecording;
using Recordings.Application.Recordings.Commands.SummarizeCall;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// A kind of pipeline job: its name (the prefix of its keys: <c>{name}-{callSid}</c>, or
/// <c>{name}-{callSid}-{recordingSid}</c> for a job about one recording), the command it sends, and the command it
/// sends when it gives up (none: a download that gives up stays queued until a request prepares it again or a node
/// restarts, see <see cref="RecordingRecoveryService"/>), and its execution group: every kind but the download is in
/// <see cref="RecordingJobsOptions.ProcessingGroup"/>, so that a download always finds a thread (ADR-026).
/// </summary>
public sealed record PipelineJobKind(
    string Name, Func<PipelineJobSubject, object> Command, Func<PipelineJobSubject, object>? GiveUp = null,
    string? ExecutionGroup = RecordingJobsOptions.ProcessingGroup)
{
    /// <summary>One job per recording (a download job queued before calls had several recordings names only the call: its first recording).</summary>
    public static readonly PipelineJobKind Download = new(
        "download", s => new DownloadRecordingCommand(s.CallSid, s.RecordingSid), ExecutionGroup: null);

    /// <summary>One job per recording: deletes Twilio's copy once ours is stored (<c>Twilio:DeleteAfterDownload</c>).</summary>
    public static readonly PipelineJobKind DeleteTwilioCopy = new(
        "delete-at-twilio", s => new DeleteTwilioCopyCommand(s.CallSid, s.RecordingSid ?? throw new InvalidOperationException("A deletion names its recording.")));

    /// <summary>One job per recording: measures its audio once it is stored.</summary>
    public static readonly PipelineJobKind Analyze = new(
        "analyze", s => new AnalyzeRecordingCommand(s.CallSid, s.RecordingSid ?? throw new InvalidOperationException("An analysis names its recording.")));

    /// <summary>One job per recording: replaces its stored unredacted copy with the redacted one; giving up fails the recording.</summary>
    public static readonly PipelineJobKind Redact = new(
        "redact",
        s => new RedactRecordingCommand(s.CallSid, s.RecordingSid ?? throw new InvalidOperationException("A redaction names its recording.")),
        s => new GiveUpRedactionCommand(s.CallSid, s.RecordingSid ?? throw new InvalidOperationException("A redaction names its recording.")));

    public static readonly PipelineJobKind Transcribe = new(
        "transcribe", s => new TranscribeRecordingCommand(s.CallSid), s => new GiveUpProcessingCommand(s.CallSid, ProcessingStep.Transcript));

    public static readonly PipelineJobKind Summarize = new(
        "summarize", s => new SummarizeCallCommand(s.CallSid), s => new GiveUpProcessingCommand(s.CallSid, ProcessingStep.Summary));

    public JobKey KeyFor(string callSid, string? recordingSid = null) =>
        new(recordingSid is null ? $"{Name}-{callSid}" : $"{Name}-{callSid}-{recordingSid}", PipelineJob.Group);
}

/// <summary>What a pipeline job is about: a call, and for a download one of its recordings.</summary>
public sealed record PipelineJobSubject(string CallSid, string? RecordingSid)
{
    public override string ToString() => RecordingSid is null ? CallSid : $"{CallSid}/{RecordingSid}";
}

// The pipeline's jobs: a key in, one command out (PipelineJob has the rest). One class per kind, because Quartz stores
// a job's class with it.

[DisallowConcurrentExecution]
public sealed class DownloadRecordingJob(ISender sender, ILogger<DownloadRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Download);

[DisallowConcurrentExecution]
public sealed class DeleteTwilioCopyJob(ISender sender, ILogger<DeleteTwilioCopyJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.DeleteTwilioCopy);

[DisallowConcurrentExecution]
public sealed class AnalyzeRecordingJob(ISender sender, ILogger<AnalyzeRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Analyze);

[DisallowConcurrentExecution]
public sealed class RedactRecordingJob(ISender sender, ILogger<RedactRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Redact);

[DisallowConcurrentExecution]
public sealed class TranscribeRecordingJob(ISender sender, ILogger<TranscribeRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Transcribe);

[DisallowConcurrentExecution]
public sealed class SummarizeCallJob(ISender sender, ILogger<SummarizeCallJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Summarize);
