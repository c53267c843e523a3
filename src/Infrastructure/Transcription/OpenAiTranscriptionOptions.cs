namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// The settings of the <c>openai</c> speech-to-text engine (section <c>Transcription:OpenAI</c>): any
/// OpenAI-compatible Whisper endpoint (OpenAI, whisper.cpp's server, faster-whisper servers).
/// </summary>
public sealed class OpenAiTranscriptionOptions
{
    public const string SectionName = "Transcription:OpenAI";

    /// <summary>OpenAI's upload limit for <c>/audio/transcriptions</c>: 25 MB (26,214,400 bytes).</summary>
    public const long OpenAiMaxFileBytes = 25L * 1024 * 1024;

    /// <summary>
    /// The API's base URL <em>including</em> its version path, as the OpenAI SDK appends <c>/audio/transcriptions</c>
    /// to it: <c>https://api.openai.com/v1</c> (the default), or e.g. <c>http://whisper:8000/v1</c> for a
    /// self-hosted server. A trailing slash is ignored.
    /// </summary>
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>The bearer token; may be empty for a self-hosted server that wants none (a placeholder is then sent).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model, e.g. <c>whisper-1</c> at OpenAI, or the name a self-hosted server knows its model by.</summary>
    public string Model { get; set; } = "whisper-1";

    /// <summary>
    /// The spoken language as an ISO 639-1 code (Hebrew is <c>he</c>, English <c>en</c>); empty lets the model
    /// detect it. Naming it improves accuracy and speed.
    /// </summary>
    public string? Language { get; set; }

    /// <summary>
    /// The largest file sent (bytes; default OpenAI's 25 MB). A bigger recording fails before any request. The
    /// endpoint counts the whole multipart request, so a file within a few hundred bytes of its limit may still be
    /// refused (HTTP 413), which fails with a clear message too.
    /// </summary>
    public long MaxFileBytes { get; set; } = OpenAiMaxFileBytes;

    /// <summary>
    /// How long one request may take (upload, transcription and answer), default 10 minutes. The SDK does not retry:
    /// the transcription job retries the whole run with backoff.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate()
    {
        if (!OpenAiEndpoint.TryParse(BaseUrl, out _))
        {
            return $"{SectionName}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1.";
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            return $"{SectionName}:Model is required (e.g. whisper-1).";
        }

        if (!string.IsNullOrWhiteSpace(Language) && !IsLanguageCode(Language.Trim()))
        {
            return $"{SectionName}:Language must be an ISO 639-1 code such as he or en (or empty to detect it).";
        }

        if (MaxFileBytes <= 0)
        {
            return $"{SectionName}:MaxFileBytes must be positive.";
        }

        return RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromDays(1)
            ? $"{SectionName}:RequestTimeout must be positive and at most one day."
            : null;
    }

    private static bool IsLanguageCode(string value) =>
        value.Length is >= 2 and <= 3 && value.All(char.IsAsciiLetter);
}
