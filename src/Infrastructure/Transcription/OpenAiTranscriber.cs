using Recordings.Domain.Calls;
using System.ClientModel;
using System.Collections.Frozen;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using OpenAI.Audio;

using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Speech to text through any OpenAI-compatible Whisper endpoint (<c>POST {BaseUrl}/audio/transcriptions</c>) with
/// the OpenAI SDK: the file is streamed from disk as multipart form data with <c>model</c>, <c>language</c> (when
/// configured), <c>response_format=verbose_json</c> and <c>timestamp_granularities[]</c> <c>segment</c> and
/// <c>word</c>, and the answer's segments become the transcript's, with their times, each with the words of the
/// answer's <c>words</c> that fall in it (see <see cref="WordTimings.Assign"/>). An endpoint that reports no word
/// times (some whisper.cpp servers) gives segments without words. The settings are checked at first use.
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
            var request = new AudioTranscriptionOptions
            {
                ResponseFormat = AudioTranscriptionFormat.Verbose,
                // Both: OpenAI answers words only, without segments, when asked for words alone.
                TimestampGranularities = AudioTimestampGranularities.Segment | AudioTimestampGranularities.Word,
                Language = language,
            };

            LogSending(_logger, length, _options.Model, endpoint, language ?? "auto");

            AudioTranscription result;
            try
            {
                result = await client.TranscribeAudioAsync(audio, UploadFileName, request, cancellationToken)
                    .ConfigureAwait(false);
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

            return ToTranscript(result, language);
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

    private static Transcript ToTranscript(AudioTranscription result, string? configuredLanguage)
    {
        List<TranscriptSegment> segments = [];
        foreach (var segment in result.Segments ?? [])
        {
            var text = segment.Text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var start = Math.Max(0, segment.StartTime.TotalSeconds);
            var end = Math.Max(start, segment.EndTime.TotalSeconds);
            segments.Add(new TranscriptSegment(start, end, Speaker: null, text));
        }

        var fullText = result.Text?.Trim();
        if (string.IsNullOrEmpty(fullText))
        {
            fullText = string.Join(' ', segments.Select(s => s.Text));
        }
        else if (segments.Count == 0 && result.Duration is { } duration && duration > TimeSpan.Zero)
        {
            // A server that ignores verbose_json still gives the text; one segment then spans the whole recording.
            segments.Add(new TranscriptSegment(0, duration.TotalSeconds, Speaker: null, fullText));
        }

        var words = (result.Words ?? []).Select(w => (w.StartTime.TotalSeconds, w.EndTime.TotalSeconds, (string?)w.Word));
        return new Transcript(
            NormalizeLanguage(result.Language) ?? configuredLanguage, fullText, WordTimings.Assign(segments, words));
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
