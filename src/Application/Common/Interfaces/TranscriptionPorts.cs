using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>Speech to text for a stored recording (an engine chosen by <c>Transcription:Provider</c>).</summary>
public interface ITranscriber
{
    /// <summary>The provider's name as configured (<c>pocketsphinx</c>, <c>openai</c>).</summary>
    string Provider { get; }

    /// <summary>Transcribes a stored recording's mp3, read as a stream (never loaded whole); throws on failure.</summary>
    /// <param name="audio">The recording, read from its start.</param>
    /// <param name="length">Its length in bytes (an endpoint may refuse large files before anything is sent).</param>
    /// <param name="channel">
    /// The channel (1-based) whose speech to transcribe, alone, for a dual-channel recording; null for all channels
    /// mixed (a mono recording).
    /// </param>
    Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken);
}

/// <summary>What was said, with times so that an agent can jump to a moment.</summary>
/// <param name="Language">BCP 47 / ISO 639-1 code of the language, when known (e.g. <c>en</c>, <c>he</c>).</param>
public sealed record Transcript(string? Language, string Text, IReadOnlyList<TranscriptSegment> Segments);

/// <summary>A short summary of a transcript (an engine chosen by <c>Summarization:Provider</c>).</summary>
public interface ISummarizer
{
    /// <summary>The provider's name as configured (<c>extractive</c>, <c>openai</c>); shown with the summary.</summary>
    string Provider { get; }

    Task<string> SummarizeAsync(Transcript transcript, CancellationToken cancellationToken);
}
