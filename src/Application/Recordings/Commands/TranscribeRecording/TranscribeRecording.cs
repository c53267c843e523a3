using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.TranscribeRecording;

/// <summary>Run by the transcription job after a download: speech to text. Completing it makes the summary due.</summary>
public sealed record TranscribeRecordingCommand(string CallSid) : IProcessingStepCommand;

public sealed class TranscribeRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITranscriber transcriber,
    IOptions<SummarizationOptions> summarization,
    TimeProvider time,
    ILogger<TranscribeRecordingCommandHandler> logger)
    : ProcessingStepHandler<TranscribeRecordingCommand, string, Transcript>(calls, unitOfWork, time, logger)
{
    protected override ProcessingStep Which => ProcessingStep.Transcript;

    protected override string Provider => transcriber.Provider;

    /// <summary>Where the stored recording is (a transcript starts only once it is ready).</summary>
    protected override string InputOf(CallLog callLog) =>
        callLog.Recording.StorageKey ?? throw new InvalidOperationException("A ready recording has a storage key.");

    protected override async Task<Transcript> RunAsync(string callSid, string input, CancellationToken cancellationToken)
    {
        var file = await store.FindAsync(input, cancellationToken) ?? throw new FileNotFoundException("The recording is not in storage.");
        await using var audio = await store.OpenReadAsync(input, file.Length, cancellationToken);
        return await transcriber.TranscribeAsync(audio, file.Length, cancellationToken);
    }

    protected override void Complete(CallLog callLog, Transcript output, DateTimeOffset now) =>
        callLog.CompleteTranscript(output.Language, output.Text, output.Segments, summarization.Value.Enabled, now);
}
