using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.TranscribeRecording;

/// <summary>
/// Run by the transcription job after a download: speech to text, for each stored recording of the call whose speech
/// is not in its transcript yet (a call may have several). Each channel of a dual-channel recording is transcribed on
/// its own and its segments carry its speaker (<see cref="Speakers"/>); the two are merged by time. Completing it makes
/// the summary due.
/// </summary>
public sealed record TranscribeRecordingCommand(string CallSid) : IProcessingStepCommand;

public sealed class TranscribeRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITranscriber transcriber,
    IRecordingJobScheduler scheduler,
    IOptions<SummarizationOptions> summarization,
    TimeProvider time,
    ILogger<TranscribeRecordingCommandHandler> logger)
    : ProcessingStepHandler<TranscribeRecordingCommand, IReadOnlyList<TranscriptionInput>, IReadOnlyList<RecordingTranscript>>(
        calls, unitOfWork, time, logger)
{
    protected override ProcessingStep Which => ProcessingStep.Transcript;

    protected override string Provider => transcriber.Provider;

    /// <summary>Where the stored recordings to transcribe are (a transcript starts only once one is ready).</summary>
    protected override IReadOnlyList<TranscriptionInput> InputOf(CallLog callLog) =>
        [.. callLog.ToTranscribe.Select(r => new TranscriptionInput(
            r.RecordingSid!, r.StorageKey ?? throw new InvalidOperationException("A ready recording has a storage key."), r.Channels,
            r.TotalBytes, r.StoredAt))];

    protected override async Task<IReadOnlyList<RecordingTranscript>> RunAsync(
        string callSid, IReadOnlyList<TranscriptionInput> input, CancellationToken cancellationToken)
    {
        // Every file is looked up before any is transcribed: one gone from storage (or of another length than stored)
        // is downloaded again, and the transcript waits for it (ProcessingStepHandler), with nothing transcribed twice.
        var files = new List<TranscriptionInput>(input.Count);
        var missing = new List<MissingStoredRecording>();
        foreach (var part in input)
        {
            if (await StoredCopies.IsInStorageAsync(store, scheduler, callSid, part.RecordingSid, part.StorageKey, part.Length, cancellationToken))
            {
                files.Add(part);
            }
            else
            {
                missing.Add(new MissingStoredRecording(part.RecordingSid, part.StoredAt));
            }
        }

        if (missing.Count > 0)
        {
            throw new StoredRecordingsMissingException(missing);
        }

        var parts = new List<RecordingTranscript>(input.Count);
        foreach (var (recordingSid, key, channels, length, _) in files)
        {
            var heard = new List<(int? Channel, Transcript Transcript)>();
            foreach (var channel in Speakers.TranscribedChannels(channels))
            {
                await using var audio = await store.OpenReadAsync(key, length, cancellationToken);
                heard.Add((channel, await transcriber.TranscribeAsync(audio, length!.Value, channel, cancellationToken)));
            }

            parts.Add(Merge(recordingSid, heard));
        }

        return parts;
    }

    /// <summary>
    /// One recording's transcript from its channels': each segment labelled with its channel's speaker, all in order of
    /// their start (the customer first when both start at once); the text follows the same order.
    /// </summary>
    public static RecordingTranscript Merge(string recordingSid, IReadOnlyList<(int? Channel, Transcript Transcript)> heard)
    {
        if (heard is [(null, var mix)])
        {
            return new RecordingTranscript(recordingSid, mix.Language, mix.Text, mix.Segments);
        }

        var segments = heard
            .SelectMany(h => h.Transcript.Segments.Select(s => (h.Channel, Segment: s with { Speaker = Speakers.OfChannel(h.Channel!.Value, heard.Count) })))
            .OrderBy(s => s.Segment.StartSeconds)
            .ThenBy(s => s.Channel)
            .Select(s => s.Segment)
            .ToList();
        var language = heard.Select(h => h.Transcript.Language).FirstOrDefault(l => l is not null);
        return new RecordingTranscript(recordingSid, language, string.Join(' ', segments.Select(s => s.Text)), segments);
    }

    protected override void Complete(CallLog callLog, IReadOnlyList<RecordingTranscript> output, DateTimeOffset now) =>
        callLog.CompleteTranscript(output, summarization.Value.Enabled, now);
}

/// <summary>
/// A stored recording to transcribe: where it is, how many channels it has, and the copy that was stored (its length,
/// and when it was stored), to tell whether storage still has it.
/// </summary>
public sealed record TranscriptionInput(string RecordingSid, string StorageKey, int? Channels, long? Length, DateTimeOffset? StoredAt);
