using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.TranscribeRecording;

/// <summary>
/// Run by the transcription job after a download: speech to text, for each stored recording of the call whose speech
/// is not in its transcript yet (a call may have several). Completing it makes the summary due.
/// </summary>
public sealed record TranscribeRecordingCommand(string CallSid) : IProcessingStepCommand;

public sealed class TranscribeRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITranscriber transcriber,
    IOptions<SummarizationOptions> summarization,
    TimeProvider time,
    ILogger<TranscribeRecordingCommandHandler> logger)
    : ProcessingStepHandler<TranscribeRecordingCommand, IReadOnlyList<(string RecordingSid, string StorageKey)>, IReadOnlyList<RecordingTranscript>>(
        calls, unitOfWork, time, logger)
{
    protected override ProcessingStep Which => ProcessingStep.Transcript;

    protected override string Provider => transcriber.Provider;

    /// <summary>Where the stored recordings to transcribe are (a transcript starts only once one is ready).</summary>
    protected override IReadOnlyList<(string RecordingSid, string StorageKey)> InputOf(CallLog callLog) =>
        [.. callLog.ToTranscribe.Select(r => (r.RecordingSid!, r.StorageKey ?? throw new InvalidOperationException("A ready recording has a storage key.")))];

    protected override async Task<IReadOnlyList<RecordingTranscript>> RunAsync(
        string callSid, IReadOnlyList<(string RecordingSid, string StorageKey)> input, CancellationToken cancellationToken)
    {
        var parts = new List<RecordingTranscript>(input.Count);
        foreach (var (recordingSid, key) in input)
        {
            var file = await store.FindAsync(key, cancellationToken) ?? throw new FileNotFoundException("The recording is not in storage.");
            await using var audio = await store.OpenReadAsync(key, file.Length, cancellationToken);
            var transcript = await transcriber.TranscribeAsync(audio, file.Length, cancellationToken);
            parts.Add(new RecordingTranscript(recordingSid, transcript.Language, transcript.Text, transcript.Segments));
        }

        return parts;
    }

    protected override void Complete(CallLog callLog, IReadOnlyList<RecordingTranscript> output, DateTimeOffset now) =>
        callLog.CompleteTranscript(output, summarization.Value.Enabled, now);
}
