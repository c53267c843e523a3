using Mediator;
using Microsoft.Extensions.Logging;
using Quartz;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Application.Recordings.Commands.GiveUpProcessing;
using Recordings.Application.Recordings.Commands.SummarizeCall;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Jobs;

// The pipeline's jobs: a key in, one command out (PipelineJob has the rest). A download job that gives up leaves the
// recording queued until a request prepares it again or a node restarts (RecordingRecoveryService).

[DisallowConcurrentExecution]
public sealed class DownloadRecordingJob(ISender sender, ILogger<DownloadRecordingJob> logger) : PipelineJob(sender, logger)
{
    public const string JobName = "download";

    public static JobKey KeyFor(string callSid) => KeyFor(JobName, callSid);

    protected override string Name => JobName;

    protected override object CommandFor(string callSid) => new DownloadRecordingCommand(callSid);
}

[DisallowConcurrentExecution]
public sealed class TranscribeRecordingJob(ISender sender, ILogger<TranscribeRecordingJob> logger) : PipelineJob(sender, logger)
{
    public const string JobName = "transcribe";

    public static JobKey KeyFor(string callSid) => KeyFor(JobName, callSid);

    protected override string Name => JobName;

    protected override object CommandFor(string callSid) => new TranscribeRecordingCommand(callSid);

    protected override object GiveUpCommandFor(string callSid) => new GiveUpProcessingCommand(callSid, ProcessingStep.Transcript);
}

[DisallowConcurrentExecution]
public sealed class SummarizeCallJob(ISender sender, ILogger<SummarizeCallJob> logger) : PipelineJob(sender, logger)
{
    public const string JobName = "summarize";

    public static JobKey KeyFor(string callSid) => KeyFor(JobName, callSid);

    protected override string Name => JobName;

    protected override object CommandFor(string callSid) => new SummarizeCallCommand(callSid);

    protected override object GiveUpCommandFor(string callSid) => new GiveUpProcessingCommand(callSid, ProcessingStep.Summary);
}
