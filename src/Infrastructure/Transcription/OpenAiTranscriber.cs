using Recordings.Domain.Calls;
using System.ClientModel;
using System.Collections.Frozen;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text.Json;

using OpenAI.Audio;

using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Speech to text through any OpenAI-compatible Whisper endpoint (<c>POST {BaseUrl}/audio/transcriptions</c>) with
/// the OpenAI SDK: the file is streamed from disk as multipart form data with <c>model</c>, <c>language</c> (when
/// configured), <c>response_format=verbose_json</c> and <c>timestamp_granularities[]</c> <c>segment</c> and
/// <c>word</c>, and the answer's segments become the transcript's, with their times, each with the words of the
/// answer's <c>words</c> that fall in it (see <see cref="WordTimings.Assign"/>). An endpoint that reports no word
/// times (some whisper.cpp servers) gives segments without words. The SDK's protocol method sends the form (its
/// pipeline: timeout, no retries, error statuses) and the answer is read here (<see cref="VerboseAnswer"/>), leniently:
/// the SDK's typed model would fail the whole transcript on one malformed word. The settings are checked at first use.
/// </summary>
public sealed partial class OpenAiTranscriber : ITranscriber
{
    private const string What = "transcription endpoint";

    private readonly OpenAiTranscriptionOptions _options;
    private readonly ILogger<OpenAiTranscriber> _logger;
    private readonly Lazy<(AudioClient Client, Uri Endpoint)> _client;

    public OpenAiTranscriber(IOptions<OpenAiTranscriptionOptions> options, ILogger<OpenAiTranscriber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        _options = options.Value;
        _logger = logger;
        _client = new Lazy<(AudioClient, Uri)>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Provider => "openai";

    /// <summary>The file name sent with the audio (the endpoint takes the format from it).</summary>
    public const string UploadFileName = "recording.mp3";

    public async Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (channel is { } one)
        {
            // The endpoint hears a whole file: one channel is sent as a mono file of its own.
            await using var alone = await ChannelFile.ExtractAsync(audio, one, cancellationToken).ConfigureAwait(false);
            return await TranscribeAsync(alone, alone.Length, null, cancellationToken).ConfigureAwait(false);
        }

        var (client, endpoint) = _client.Value;
        var maxBytes = _options.MaxFileBytes;
        {
            if (length > maxBytes)
            {
                throw new InvalidOperationException(
                    $"The recording is {length:N0} bytes, over the transcription endpoint's limit of {maxBytes:N0} bytes "
                    + $"({OpenAiTranscriptionOptions.SectionName}:MaxFileBytes; OpenAI accepts at most 25 MB). Nothing was sent.");
            }

            var language = string.IsNullOrWhiteSpace(_options.Language) ? null : _options.Language.Trim().ToLowerInvariant();
            using var form = TranscriptionForm(audio, _options.Model.Trim(), language);
            using var content = new FormContent(form);

            LogSending(_logger, length, _options.Model, endpoint, language ?? "auto");

            BinaryData answer;
            try
            {
                // The SDK's protocol method: it sends the form and fails on an error status as its typed method does, but
                // leaves the answer to us, so that a malformed word cannot fail a transcript (the typed model throws).
                var result = await client.TranscribeAudioAsync(
                        content, form.Headers.ContentType!.ToString(), new RequestOptions { CancellationToken = cancellationToken })
                    .ConfigureAwait(false);
                answer = result.GetRawResponse().Content;
            }
            catch (ClientResultException ex) when (ex.Status == 413)
            {
                throw new HttpRequestException(
                    $"The {What} refused the recording as too large (HTTP 413): {length:N0} bytes. Keep recordings under "
                    + $"the endpoint's limit and set {OpenAiTranscriptionOptions.SectionName}:MaxFileBytes to it (OpenAI's is 25 MB).",
                    ex,
                    System.Net.HttpStatusCode.RequestEntityTooLarge);
            }
            catch (ClientResultException ex)
            {
                throw OpenAiEndpoint.Failure(ex, What, endpoint, OpenAiTranscriptionOptions.SectionName, _options.ApiKey);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The {What} did not answer within {_options.RequestTimeout} "
                    + $"({OpenAiTranscriptionOptions.SectionName}:RequestTimeout).", ex);
            }

            return ToTranscript(VerboseAnswer.Parse(answer), language);
        }
    }

    /// <summary>
    /// An ISO 639-1 code for a language as Whisper reports it: servers answer a code (<c>he</c>) or, like OpenAI,
    /// Whisper's English name (<c>hebrew</c>). Known names and old codes (<c>iw</c>) become codes; anything else is
    /// kept as it came (lower-cased); blank gives null.
    /// </summary>
    public static string? NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var value = language.Trim().ToLowerInvariant();
        return WhisperLanguages.TryGetValue(value, out var code) ? code : value;
    }

    private (AudioClient, Uri) CreateClient()
    {
        var problem = _options.Validate();
        if (problem is not null || !OpenAiEndpoint.TryParse(_options.BaseUrl, out var endpoint))
        {
            throw new InvalidOperationException(problem ?? $"{OpenAiTranscriptionOptions.SectionName}:BaseUrl is invalid.");
        }

        var openAi = OpenAiEndpoint.CreateClient(endpoint, _options.ApiKey, _options.RequestTimeout);
        return (openAi.GetAudioClient(_options.Model.Trim()), endpoint);
    }

    /// <summary>
    /// The request's form: the file, <c>model</c>, <c>language</c> when configured, <c>response_format=verbose_json</c>
    /// and <c>timestamp_granularities[]</c> twice, <c>segment</c> and <c>word</c> (OpenAI answers words without segments
    /// when asked for words alone).
    /// </summary>
    private static MultipartFormDataContent TranscriptionForm(Stream audio, string model, string? language)
    {
        var form = new MultipartFormDataContent();
        var file = new StreamContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", UploadFileName);
        form.Add(new StringContent(model), "model");
        if (language is not null)
        {
            form.Add(new StringContent(language), "language");
        }

        form.Add(new StringContent("verbose_json"), "response_format");
        form.Add(new StringContent("segment"), "timestamp_granularities[]");
        form.Add(new StringContent("word"), "timestamp_granularities[]");
        return form;
    }

    private static Transcript ToTranscript(VerboseAnswer result, string? configuredLanguage)
    {
        List<TranscriptSegment> segments = [];
        foreach (var (segmentStart, segmentEnd, segmentText) in result.Segments)
        {
            var text = segmentText.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var start = Math.Max(0, segmentStart);
            var end = Math.Max(start, segmentEnd);
            segments.Add(new TranscriptSegment(start, end, Speaker: null, text));
        }

        var fullText = result.Text?.Trim();
        if (string.IsNullOrEmpty(fullText))
        {
            fullText = string.Join(' ', segments.Select(s => s.Text));
        }
        else if (segments.Count == 0 && result.Duration is > 0 and var duration)
        {
            // A server that ignores verbose_json's segments still gives the text; one segment then spans the whole recording.
            segments.Add(new TranscriptSegment(0, duration, Speaker: null, fullText));
        }

        return new Transcript(
            NormalizeLanguage(result.Language) ?? configuredLanguage, fullText, WordTimings.Assign(segments, result.Words));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sending {Bytes} bytes to {Model} at {Endpoint} for transcription (language: {Language})")]
    private static partial void LogSending(ILogger logger, long bytes, string model, Uri endpoint, string language);

    /// <summary>Whisper's language names (as OpenAI's verbose_json reports them) and old codes, to ISO 639 codes.</summary>
    private static readonly FrozenDictionary<string, string> WhisperLanguages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["afrikaans"] = "af", ["albanian"] = "sq", ["amharic"] = "am", ["arabic"] = "ar", ["armenian"] = "hy",
        ["assamese"] = "as", ["azerbaijani"] = "az", ["bashkir"] = "ba", ["basque"] = "eu", ["belarusian"] = "be",
        ["bengali"] = "bn", ["bosnian"] = "bs", ["breton"] = "br", ["bulgarian"] = "bg", ["burmese"] = "my",
        ["cantonese"] = "yue", ["castilian"] = "es", ["catalan"] = "ca", ["chinese"] = "zh", ["croatian"] = "hr",
        ["czech"] = "cs", ["danish"] = "da", ["dutch"] = "nl", ["english"] = "en", ["estonian"] = "et",
        ["faroese"] = "fo", ["finnish"] = "fi", ["flemish"] = "nl", ["french"] = "fr", ["galician"] = "gl",
        ["georgian"] = "ka", ["german"] = "de", ["greek"] = "el", ["gujarati"] = "gu", ["haitian"] = "ht",
        ["haitian creole"] = "ht", ["hausa"] = "ha", ["hawaiian"] = "haw", ["hebrew"] = "he", ["hindi"] = "hi",
        ["hungarian"] = "hu", ["icelandic"] = "is", ["indonesian"] = "id", ["italian"] = "it", ["japanese"] = "ja",
        ["javanese"] = "jv", ["kannada"] = "kn", ["kazakh"] = "kk", ["khmer"] = "km", ["korean"] = "ko",
        ["lao"] = "lo", ["latin"] = "la", ["latvian"] = "lv", ["letzeburgesch"] = "lb", ["lingala"] = "ln",
        ["lithuanian"] = "lt", ["luxembourgish"] = "lb", ["macedonian"] = "mk", ["malagasy"] = "mg", ["malay"] = "ms",
        ["malayalam"] = "ml", ["maltese"] = "mt", ["mandarin"] = "zh", ["maori"] = "mi", ["marathi"] = "mr",
        ["moldavian"] = "ro", ["moldovan"] = "ro", ["mongolian"] = "mn", ["myanmar"] = "my", ["nepali"] = "ne",
        ["norwegian"] = "no", ["nynorsk"] = "nn", ["occitan"] = "oc", ["panjabi"] = "pa", ["pashto"] = "ps",
        ["persian"] = "fa", ["polish"] = "pl", ["portuguese"] = "pt", ["punjabi"] = "pa", ["pushto"] = "ps",
        ["romanian"] = "ro", ["russian"] = "ru", ["sanskrit"] = "sa", ["serbian"] = "sr", ["shona"] = "sn",
        ["sindhi"] = "sd", ["sinhala"] = "si", ["sinhalese"] = "si", ["slovak"] = "sk", ["slovenian"] = "sl",
        ["somali"] = "so", ["spanish"] = "es", ["sundanese"] = "su", ["swahili"] = "sw", ["swedish"] = "sv",
        ["tagalog"] = "tl", ["tajik"] = "tg", ["tamil"] = "ta", ["tatar"] = "tt", ["telugu"] = "te", ["thai"] = "th",
        ["tibetan"] = "bo", ["turkish"] = "tr", ["turkmen"] = "tk", ["ukrainian"] = "uk", ["urdu"] = "ur",
        ["uzbek"] = "uz", ["valencian"] = "ca", ["vietnamese"] = "vi", ["welsh"] = "cy", ["yiddish"] = "yi",
        ["yoruba"] = "yo",
        // Old or Whisper-specific codes.
        ["iw"] = "he", ["ji"] = "yi", ["in"] = "id", ["jw"] = "jv",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

/// <summary>
/// What a <c>verbose_json</c> answer says, read leniently: a segment or word that is not an object with the expected
/// types is left out rather than failing the transcript.
/// </summary>
internal sealed record VerboseAnswer(
    string? Text,
    string? Language,
    double? Duration,
    IReadOnlyList<(double Start, double End, string Text)> Segments,
    IReadOnlyList<(double Start, double End, string? Text)> Words)
{
    /// <exception cref="InvalidOperationException">The answer is not a JSON object.</exception>
    public static VerboseAnswer Parse(BinaryData body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException("The transcription endpoint's answer is not JSON (verbose_json was asked for).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException("The transcription endpoint's answer is not a JSON object (verbose_json was asked for).");
            }

            List<(double, double, string)> segments = [];
            foreach (var segment in Objects(root, "segments"))
            {
                if (Number(segment, "start") is { } start && Number(segment, "end") is { } end && String(segment, "text") is { } text)
                {
                    segments.Add((start, end, text));
                }
            }

            List<(double, double, string?)> words = [];
            foreach (var word in Objects(root, "words"))
            {
                if (Number(word, "start") is { } start && Number(word, "end") is { } end && String(word, "word") is { } text)
                {
                    words.Add((start, end, text));
                }
            }

            return new VerboseAnswer(String(root, "text"), String(root, "language"), Number(root, "duration"), segments, words);
        }
    }

    private static IEnumerable<JsonElement> Objects(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    private static double? Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            && double.IsFinite(number)
            ? number
            : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>An <see cref="HttpContent"/> (the multipart form) as the SDK's request body.</summary>
internal sealed class FormContent(HttpContent content) : BinaryContent
{
    public override bool TryComputeLength(out long length)
    {
        length = content.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    public override void WriteTo(Stream stream, CancellationToken cancellationToken = default) =>
        content.CopyTo(stream, context: null, cancellationToken);

    public override Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default) =>
        content.CopyToAsync(stream, cancellationToken);

    public override void Dispose()
    {
        // The form is its creator's to dispose.
    }
}
