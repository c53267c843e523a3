using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Application.Recordings.Commands.GiveUpProcessing;
using Recordings.Application.Recordings.Commands.SummarizeCall;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// A kind of pipeline job: its name (the prefix of its keys, <c>{name}-{callSid}</c>), the command it sends for a
/// call, and the command it sends when it gives up (none: a download that gives up stays queued until a request
/// prepares it again or a node restarts, see <see cref="RecordingRecoveryService"/>).
/// </summary>
public sealed record PipelineJobKind(string Name, Func<string, object> Command, Func<string, object>? GiveUp = null)
{
    public static readonly PipelineJobKind Download = new("download", callSid => new DownloadRecordingCommand(callSid));

    public static readonly PipelineJobKind Transcribe = new(
        "transcribe", callSid => new TranscribeRecordingCommand(callSid), callSid => new GiveUpProcessingCommand(callSid, ProcessingStep.Transcript));

    public static readonly PipelineJobKind Summarize = new(
        "summarize", callSid => new SummarizeCallCommand(callSid), callSid => new GiveUpProcessingCommand(callSid, ProcessingStep.Summary));

    public JobKey KeyFor(string callSid) => new($"{Name}-{callSid}", PipelineJob.Group);
}

// The pipeline's jobs: a key in, one command out (PipelineJob has the rest). One class per kind, because Quartz stores
// a job's class with it.

[DisallowConcurrentExecution]
public sealed class DownloadRecordingJob(ISender sender, ILogger<DownloadRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Download);

[DisallowConcurrentExecution]
public sealed class TranscribeRecordingJob(ISender sender, ILogger<TranscribeRecordingJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Transcribe);

[DisallowConcurrentExecution]
public sealed class SummarizeCallJob(ISender sender, ILogger<SummarizeCallJob> logger)
    : PipelineJob(sender, logger, PipelineJobKind.Summarize);
