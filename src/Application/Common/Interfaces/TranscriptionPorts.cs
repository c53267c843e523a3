using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>Speech to text for a stored recording (an engine chosen by <c>Transcription:Provider</c>).</summary>
public interface ITranscriber
{
    /// <summary>The provider's name as configured (<c>pocketsphinx</c>, <c>openai</c>).</summary>
    string Provider { get; }

    /// <summary>Transcribes the audio file (streamed from disk, never loaded whole); throws on failure.</summary>
    Task<Transcript> TranscribeAsync(string audioPath, CancellationToken cancellationToken);
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
