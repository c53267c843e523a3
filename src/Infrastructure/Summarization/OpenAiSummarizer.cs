using System.ClientModel;
using System.Globalization;
using System.Text;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.Summarization;

/// <summary>
/// A short structured summary (reason for the call, outcome, action items) from any OpenAI-compatible chat endpoint
/// through <see cref="IChatClient"/> (the OpenAI SDK's chat client underneath): a system message with the
/// instructions and the transcript's language, a user message with the transcript (one line per segment with its
/// time, cut at <see cref="OpenAiSummarizationOptions.MaxTranscriptCharacters"/>), temperature 0.2. The settings are
/// checked at first use.
/// </summary>
public sealed class OpenAiSummarizer : ISummarizer, IDisposable
{
    /// <summary>Low, so that summaries keep to the transcript.</summary>
    public const float Temperature = 0.2f;

    private const string What = "chat endpoint";

    private readonly OpenAiSummarizationOptions _options;
    private readonly Lazy<(IChatClient Client, Uri Endpoint)> _client;

    public OpenAiSummarizer(IOptions<OpenAiSummarizationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        _options = options.Value;
        _client = new Lazy<(IChatClient, Uri)>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Provider => "openai";

    public async Task<string> SummarizeAsync(Transcript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);

        var (client, endpoint) = _client.Value;
        List<ChatMessage> messages =
        [
            new(ChatRole.System, SystemPrompt(transcript.Language)),
            new(ChatRole.User, UserMessage(transcript, _options.MaxTranscriptCharacters)),
        ];

        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = Temperature }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            throw OpenAiEndpoint.Failure(ex, What, endpoint, OpenAiSummarizationOptions.SectionName, _options.ApiKey);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The {What} did not answer within {_options.RequestTimeout} ({OpenAiSummarizationOptions.SectionName}:RequestTimeout).", ex);
        }

        var summary = response.Text?.Trim();
        return string.IsNullOrEmpty(summary)
            ? throw new InvalidOperationException(
                $"The {What} answered with an empty summary (finish reason: {response.FinishReason?.Value ?? "none"}).")
            : summary;
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Client.Dispose();
        }
    }

    /// <summary>The instructions: exactly three labelled parts, in the transcript's language, nothing invented.</summary>
    public static string SystemPrompt(string? language)
    {
        var code = string.IsNullOrWhiteSpace(language) ? null : language.Trim();
        var inLanguage = code is null
            ? "the language the transcript is in"
            : $"the transcript's language, {LanguageName(code)} (language code \"{code}\")";

        return $"""
            You summarize recorded phone calls for the agents of a CRM. The user's message is the transcript of one call,
            made by speech recognition (it may contain recognition errors; lines may start with the time in the call).

            Write a short structured summary with exactly three labelled parts, in this order:
            1. Reason for the call: why the call was made, in one or two sentences.
            2. Outcome: what was resolved, agreed or left open, in one or two sentences.
            3. Action items: the follow-ups someone promised or has to do, as a short list (who does what, when if said); "none" if there are none.

            Write the whole summary, the three labels included, in {inLanguage}.
            Use only what the transcript says: do not invent names, numbers, dates, amounts or commitments; if a part is not
            clear from the call, say so briefly. Answer with the summary only: plain text, no preamble, no headings.
            """;
    }

    private static string LanguageName(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            return culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    /// <summary>
    /// The transcript as sent: one <c>[m:ss] text</c> line per segment (or the text when there are no segments), cut
    /// at <paramref name="maxCharacters"/> with a note saying so.
    /// </summary>
    public static string UserMessage(Transcript transcript, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(transcript);

        var body = new StringBuilder();
        if (transcript.Segments.Count > 0)
        {
            foreach (var segment in transcript.Segments)
            {
                var time = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(segment.StartSeconds)));
                body.Append('[')
                    .Append(time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture))
                    .Append("] ");
                if (!string.IsNullOrWhiteSpace(segment.Speaker))
                {
                    body.Append(segment.Speaker.Trim()).Append(": ");
                }

                body.AppendLine(segment.Text.Trim());
            }
        }
        else
        {
            body.Append(transcript.Text.Trim());
        }

        var text = body.ToString().TrimEnd();
        if (text.Length <= maxCharacters)
        {
            return "Transcript of the call:\n\n" + text;
        }

        // Cut on a text element's boundary (never inside a surrogate pair or between a letter and its marks).
        var cut = Domain.Common.Text.Cut(text, maxCharacters).AsSpan();
        var lastBreak = cut.LastIndexOfAny('\n', ' ');
        if (lastBreak > maxCharacters / 2)
        {
            cut = cut[..lastBreak];
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Transcript of the call (only its first {maxCharacters:N0} characters; the rest is cut off):\n\n{cut}\n[…]");
    }

    private (IChatClient, Uri) CreateClient()
    {
        var problem = _options.Validate();
        if (problem is not null || !OpenAiEndpoint.TryParse(_options.BaseUrl, out var endpoint))
        {
            throw new InvalidOperationException(problem ?? $"{OpenAiSummarizationOptions.SectionName}:BaseUrl is invalid.");
        }

        var openAi = OpenAiEndpoint.CreateClient(endpoint, _options.ApiKey, _options.RequestTimeout);
        return (openAi.GetChatClient(_options.Model.Trim()).AsIChatClient(), endpoint);
    }
}
