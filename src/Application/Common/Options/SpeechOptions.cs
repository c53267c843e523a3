namespace Recordings.Application.Common.Options;

/// <summary>The <c>Transcription</c> configuration section: which speech-to-text engine runs.</summary>
public sealed class TranscriptionOptions
{
    public const string SectionName = "Transcription";
    public const string Pocketsphinx = "pocketsphinx";
    public const string OpenAi = "openai";
    public const string None = "none";

    public static readonly string[] Providers = [Pocketsphinx, OpenAi, None];

    /// <summary><c>pocketsphinx</c> (offline, English; the default), <c>openai</c> (any OpenAI-compatible Whisper endpoint) or <c>none</c>.</summary>
    public string Provider { get; set; } = Pocketsphinx;

    public bool Enabled => !string.Equals(Provider, None, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The <c>Summarization</c> configuration section: which summarizer runs.</summary>
public sealed class SummarizationOptions
{
    public const string SectionName = "Summarization";
    public const string Extractive = "extractive";
    public const string OpenAi = "openai";
    public const string None = "none";

    public static readonly string[] Providers = [Extractive, OpenAi, None];

    /// <summary><c>extractive</c> (offline; the default), <c>openai</c> (any OpenAI-compatible chat endpoint) or <c>none</c>.</summary>
    public string Provider { get; set; } = Extractive;

    public bool Enabled => !string.Equals(Provider, None, StringComparison.OrdinalIgnoreCase);
}
