namespace Recordings.Infrastructure.Summarization;

/// <summary>The extractive summarizer's settings (section <c>Summarization:Extractive</c>).</summary>
public sealed class ExtractiveSummarizerOptions
{
    public const string SectionName = "Summarization:Extractive";

    /// <summary>
    /// The most sentences a summary takes (1 to 10). Fewer are taken from a short transcript: one per five sentences,
    /// rounded up.
    /// </summary>
    public int MaxSentences { get; set; } = 3;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate() =>
        MaxSentences is < 1 or > 10 ? "Summarization:Extractive:MaxSentences must be between 1 and 10." : null;
}
