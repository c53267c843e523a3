using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using OpenAI;

using Recordings.Infrastructure.Summarization;

namespace Recordings.Infrastructure.Transcription;

public static class OpenAiEnginesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engines that call an OpenAI-compatible API as concrete singletons: <see cref="OpenAiTranscriber"/>
    /// (section <c>Transcription:OpenAI</c>, <see cref="OpenAiTranscriptionOptions"/>) and
    /// <see cref="OpenAiSummarizer"/> (section <c>Summarization:OpenAI</c>, <see cref="OpenAiSummarizationOptions"/>).
    /// They are not registered as <c>ITranscriber</c> or <c>ISummarizer</c>: choosing the configured provider is left
    /// to the caller. Their settings are checked when an engine is first used (then each use fails with the problem,
    /// until the settings are fixed and the host restarted), not at start-up, so a host that does not select
    /// <c>openai</c> needs none of them.
    /// </summary>
    public static IServiceCollection AddOpenAiSpeechEngines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<OpenAiTranscriptionOptions>().Bind(configuration.GetSection(OpenAiTranscriptionOptions.SectionName));
        services.AddOptions<OpenAiSummarizationOptions>().Bind(configuration.GetSection(OpenAiSummarizationOptions.SectionName));

        services.TryAddSingleton<OpenAiTranscriber>();
        services.TryAddSingleton<OpenAiSummarizer>();

        return services;
    }
}

/// <summary>What the OpenAI engines share: the client's construction and how its failures are told.</summary>
internal static class OpenAiEndpoint
{
    /// <summary>Sent as the bearer token when no API key is configured (self-hosted servers usually ignore it).</summary>
    public const string PlaceholderApiKey = "unused";

    private const int MaxDetailLength = 300;

    /// <summary>Parses a base URL: absolute, http or https, no query or fragment; a trailing slash is dropped.</summary>
    public static bool TryParse(string? baseUrl, [NotNullWhen(true)] out Uri? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(baseUrl)
            || !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        // The SDK appends "/audio/transcriptions" or "/chat/completions" to the endpoint's path.
        endpoint = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
        return true;
    }

    /// <summary>
    /// A client for one endpoint. No SDK retries (its default would retry 429/5xx three times, and a long upload with
    /// it): the job layer retries whole runs with backoff. <paramref name="timeout"/> bounds each request.
    /// </summary>
    public static OpenAIClient CreateClient(Uri endpoint, string? apiKey, TimeSpan timeout)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "recordings",
        };
        var key = string.IsNullOrWhiteSpace(apiKey) ? PlaceholderApiKey : apiKey.Trim();
        return new OpenAIClient(new ApiKeyCredential(key), options);
    }

    /// <summary>
    /// The exception for a failed call: an <see cref="HttpRequestException"/> carrying the status (none when the
    /// endpoint was not reached) and a message with the status, the server's own error text (shortened, the API key
    /// masked) and a hint for the usual configuration mistakes.
    /// </summary>
    public static HttpRequestException Failure(ClientResultException exception, string what, Uri endpoint, string section, string? apiKey)
    {
        if (exception.Status == 0)
        {
            var cause = exception.InnerException?.Message ?? exception.Message;
            return new HttpRequestException(
                $"The {what} at {endpoint.GetLeftPart(UriPartial.Authority)} could not be reached: {Redact(cause, apiKey)}", exception);
        }

        var status = (HttpStatusCode)exception.Status;
        var response = exception.GetRawResponse();
        var reason = string.IsNullOrWhiteSpace(response?.ReasonPhrase) ? status.ToString() : response.ReasonPhrase;
        var message = new StringBuilder($"The {what} answered HTTP {exception.Status} ({reason})");
        var detail = ErrorDetail(response, apiKey);
        if (detail is not null)
        {
            message.Append(": ").Append(detail);
        }

        if (message[^1] is not ('.' or '!' or '?' or '…'))
        {
            message.Append('.');
        }
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $" Check {section}:ApiKey.",
            HttpStatusCode.NotFound => $" Check {section}:BaseUrl (it includes the API's version path, e.g. https://api.openai.com/v1) and {section}:Model.",
            HttpStatusCode.TooManyRequests => " The endpoint is rate-limiting or out of quota; the job retries later.",
            _ => string.Empty,
        };
        return new HttpRequestException(message.Append(hint).ToString(), exception, status);
    }

    /// <summary>Masks the API key wherever a text repeats it.</summary>
    public static string Redact(string text, string? apiKey) =>
        string.IsNullOrWhiteSpace(apiKey) ? text : text.Replace(apiKey.Trim(), "***", StringComparison.Ordinal);

    /// <summary>
    /// The server's error text: OpenAI's <c>{"error":{"message":…}}</c>, <c>{"error":"…"}</c>, FastAPI's
    /// <c>{"detail":…}</c>, <c>{"message":…}</c>, or else the body's start as plain text.
    /// </summary>
    private static string? ErrorDetail(PipelineResponse? response, string? apiKey)
    {
        string body;
        try
        {
            body = response?.Content?.ToString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return null; // The body was not buffered.
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var text = FromJson(body) ?? body;
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        text = Redact(text, apiKey);
        return text.Length <= MaxDetailLength ? text : string.Concat(text.AsSpan(0, MaxDetailLength), "…");
    }

    private static string? FromJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
                {
                    return inner.GetString();
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }

            foreach (var name in (string[])["detail", "message"])
            {
                if (root.TryGetProperty(name, out var value))
                {
                    return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
