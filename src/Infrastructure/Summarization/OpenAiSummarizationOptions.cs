using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.Summarization;

/// <summary>
/// The settings of the <c>openai</c> summarizer (section <c>Summarization:OpenAI</c>): any OpenAI-compatible chat
/// endpoint (<c>POST {BaseUrl}/chat/completions</c>).
/// </summary>
public sealed class OpenAiSummarizationOptions
{
    public const string SectionName = "Summarization:OpenAI";

    /// <summary>
    /// The API's base URL <em>including</em> its version path, as the OpenAI SDK appends <c>/chat/completions</c> to
    /// it: <c>https://api.openai.com/v1</c> (the default), or e.g. <c>http://llm:8080/v1</c>. A trailing slash is ignored.
    /// </summary>
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>The bearer token; may be empty for a self-hosted server that wants none (a placeholder is then sent).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The chat model, e.g. <c>gpt-4o-mini</c>, or the name a self-hosted server knows its model by.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>
    /// The most characters of the transcript sent (default 100,000, about 25k tokens, which keeps a long call within
    /// common context windows and bounds the cost). A longer transcript is cut there and the model is told so.
    /// </summary>
    public int MaxTranscriptCharacters { get; set; } = 100_000;

    /// <summary>How long one request may take, default 2 minutes. The SDK does not retry: the summary job does.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate()
    {
        if (!OpenAiEndpoint.TryParse(BaseUrl, out _))
        {
            return $"{SectionName}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1.";
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            return $"{SectionName}:Model is required (e.g. gpt-4o-mini).";
        }

        if (MaxTranscriptCharacters < 1_000)
        {
            return $"{SectionName}:MaxTranscriptCharacters must be at least 1000.";
        }

        return RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromDays(1)
            ? $"{SectionName}:RequestTimeout must be positive and at most one day."
            : null;
    }
}
