using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;

namespace Recordings.Application.Recordings.Commands.TranscribeRecording;

/// <summary>
/// Run by the transcription job after a download: speech to text, for each stored recording of the call whose speech
/// is not in its transcript yet (a call may have several). Each channel of a dual-channel recording is transcribed on
/// its own and its segments carry its speaker (<see cref="Speakers"/>); the two are merged by time. Completing it makes
/// the summary due. When the call's business redacts (or a recording awaits redaction), what was heard is redacted
/// (<see cref="TranscriptRedactor"/>) before it is kept: the digits never reach the call, the summary, the search index
/// or a log, and each such recording's audio is redacted next (<see cref="RedactionDue"/>).
/// </summary>
public sealed record TranscribeRecordingCommand(string CallSid) : IProcessingStepCommand;

public sealed class TranscribeRecordingCommandHandler(
    ICallRepository calls,
    IBusinessRepository businesses,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITranscriber transcriber,
    IRecordingJobScheduler scheduler,
    IOptions<SummarizationOptions> summarization,
    TimeProvider time,
    ILogger<TranscribeRecordingCommandHandler> logger)
    : ProcessingStepHandler<TranscribeRecordingCommand, TranscriptionWork, TranscriptionOutcome>(
        calls, unitOfWork, time, logger)
{
    protected override ProcessingStep Which => ProcessingStep.Transcript;

    protected override string Provider => transcriber.Provider;

    /// <summary>Where the stored recordings to transcribe are (a transcript starts only once one is ready).</summary>
    protected override TranscriptionWork InputOf(CallLog callLog) => new(
        callLog.BusinessId,
        [.. callLog.ToTranscribe.Select(r => new TranscriptionInput(
            r.RecordingSid!, r.StorageKey ?? throw new InvalidOperationException("A ready recording has a storage key."), r.Channels,
            r.TotalBytes, r.StoredAt, r.AwaitsRedaction))]);

    protected override async Task<TranscriptionOutcome> RunAsync(string callSid, TranscriptionWork work, CancellationToken cancellationToken)
    {
        var input = work.Recordings;
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
        foreach (var (recordingSid, key, channels, length, _, _) in files)
        {
            var heard = new List<(int? Channel, Transcript Transcript)>();
            foreach (var channel in Speakers.TranscribedChannels(channels))
            {
                await using var audio = await store.OpenReadAsync(key, length, cancellationToken);
                heard.Add((channel, await transcriber.TranscribeAsync(audio, length!.Value, channel, cancellationToken)));
            }

            parts.Add(Merge(recordingSid, heard));
        }

        var policy = work.BusinessId is { } businessId
            ? await businesses.FindRedactionPolicyAsync(businessId, cancellationToken) ?? RedactionPolicy.Off
            : RedactionPolicy.Off;
        return policy.Enabled || input.Any(i => i.AwaitsRedaction) ? Redact(parts, policy.Entities) : new TranscriptionOutcome(parts, null);
    }

    /// <summary>Twilio records at most 24 hours: a redaction without times covers this much (the audio's end, whatever it is).</summary>
    public const double MaxRecordingSeconds = 24 * 3600;

    /// <summary>
    /// Each part's words that say an entity of <paramref name="entities"/> replaced by its placeholder, its text rebuilt
    /// from its segments, and what was removed (the stretches its audio's redaction covers).
    /// </summary>
    public static TranscriptionOutcome Redact(IReadOnlyList<RecordingTranscript> parts, IReadOnlyCollection<RedactedEntity> entities)
    {
        var redacted = new List<RecordingTranscript>(parts.Count);
        var removed = new List<Redaction>();
        foreach (var part in parts)
        {
            // An engine that returned text without any segment: the text is one segment spanning the whole recording.
            var segments = part.Segments.Count > 0 || string.IsNullOrWhiteSpace(part.Text)
                ? part.Segments
                : [new TranscriptSegment(0, MaxRecordingSeconds, null, part.Text)];
            var result = TranscriptRedactor.Redact(part.RecordingSid, segments, entities);
            redacted.Add(part with { Text = string.Join(' ', result.Segments.Select(s => s.Text)), Segments = result.Segments });
            removed.AddRange(result.Redactions);
        }

        return new TranscriptionOutcome(redacted, removed);
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

    protected override void Complete(CallLog callLog, TranscriptionOutcome output, DateTimeOffset now) =>
        callLog.CompleteTranscript(output.Parts, summarization.Value.Enabled, now, output.Redactions);
}

/// <summary>What a transcription run reads: the call's business (whose redaction policy applies) and its stored recordings.</summary>
public sealed record TranscriptionWork(Guid? BusinessId, IReadOnlyList<TranscriptionInput> Recordings);

/// <summary>What a transcription run heard, and, when it was redacted, what was removed (null: not redacted).</summary>
public sealed record TranscriptionOutcome(IReadOnlyList<RecordingTranscript> Parts, IReadOnlyList<Redaction>? Redactions);

/// <summary>
/// A stored recording to transcribe: where it is, how many channels it has, and the copy that was stored (its length,
/// and when it was stored), to tell whether storage still has it.
/// </summary>
/// <param name="AwaitsRedaction">Stored unredacted, waiting for this transcript to be redacted (see <see cref="Recording.AwaitsRedaction"/>).</param>
public sealed record TranscriptionInput(
    string RecordingSid, string StorageKey, int? Channels, long? Length, DateTimeOffset? StoredAt, bool AwaitsRedaction = false);
