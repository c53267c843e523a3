using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Recordings.Application.Common.Interfaces;
using Page = Twilio.Base.Page<Twilio.Rest.Api.V2010.Account.RecordingResource>;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using TwilioHttp = Twilio.Http;

namespace Recordings.Infrastructure.Twilio;

/// <summary>
/// <see cref="ITwilioRestApi"/> through Twilio's .NET SDK (<see cref="TwilioRestClient"/>, basic auth with the account's
/// SID and token). The SDK builds its URLs on <c>https://api.twilio.com</c>; <see cref="ApiOriginHandler"/> sends them
/// to <c>Twilio:ApiBaseUrl</c> instead (the simulated Twilio of the tests and the demo). 429, 5xx and network failures
/// are retried (Polly, jittered exponential backoff from <c>Twilio:RetryBaseDelay</c>, <see cref="MaxAttempts"/> in all).
/// </summary>
public sealed partial class TwilioRestApi : ITwilioRestApi
{
    public const string HttpClientName = "twilio-rest";

    /// <summary>Attempts per request, the first included.</summary>
    public const int MaxAttempts = 4;

    private readonly TwilioRestClient _client;
    private readonly string _accountSid;
    private readonly string _apiBaseUrl;
    private readonly ResiliencePipeline _retry;

    public TwilioRestApi(IHttpClientFactory httpClients, IOptions<TwilioOptions> options, TimeProvider time, ILogger<TwilioRestApi> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        _accountSid = settings.AccountSid;
        _apiBaseUrl = settings.ApiBaseUrl.TrimEnd('/');
        _client = new TwilioRestClient(settings.AccountSid, settings.AuthToken,
            httpClient: new TwilioHttp.SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public async IAsyncEnumerable<IReadOnlyList<TwilioRecordingListing>> ListRecordingPagesAsync(
        DateTimeOffset createdAfter, DateTimeOffset createdBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The first page filtered as Twilio's SDK writes DateCreatedAfter / DateCreatedBefore (ISO 8601, whole seconds,
        // UTC); then Twilio's next_page_uri, which keeps the filters, until there is none.
        var request = new TwilioHttp.Request(TwilioHttp.HttpMethod.Get, global::Twilio.Rest.Domain.Api,
            $"/2010-04-01/Accounts/{_accountSid}/Recordings.json",
            queryParams:
            [
                new("DateCreated>", Iso8601(createdAfter)),
                new("DateCreated<", Iso8601(createdBefore)),
                new("PageSize", "100"),
            ]);
        while (request is not null)
        {
            var page = await SendAsync(request, json => Page.FromJson("recordings", json), cancellationToken);
            yield return [.. page.Records.Select(recording => new TwilioRecordingListing(
                recording.Sid, recording.CallSid, recording.Status?.ToString() ?? string.Empty, ParseInt(recording.Duration),
                recording.Channels, recording.Source?.ToString(), Utc(recording.StartTime), Utc(recording.DateCreated)))];

            request = page.HasNextPage()
                ? new TwilioHttp.Request(TwilioHttp.HttpMethod.Get, page.GetNextPageUrl(global::Twilio.Rest.Domain.Api))
                : null;
        }
    }

    private static string Iso8601(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task<TwilioCallDetails?> FetchCallAsync(string callSid, CancellationToken cancellationToken)
    {
        try
        {
            var call = await Run(() => CallResource.FetchAsync(callSid, _accountSid, _client), cancellationToken);
            return new TwilioCallDetails(call.Sid, call.From, call.To, call.Direction, call.Status?.ToString(), ParseInt(call.Duration), Utc(call.StartTime),
                call.ParentCallSid);
        }
        catch (TwilioApiException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<TwilioCallDetails>> ListLegsAsync(string parentCallSid, CancellationToken cancellationToken)
    {
        var request = new TwilioHttp.Request(TwilioHttp.HttpMethod.Get, global::Twilio.Rest.Domain.Api,
            $"/2010-04-01/Accounts/{_accountSid}/Calls.json",
            queryParams: [new("ParentCallSid", parentCallSid), new("PageSize", "50")]);
        var page = await SendAsync(request, json => global::Twilio.Base.Page<CallResource>.FromJson("calls", json), cancellationToken);
        return [.. page.Records.Select(call => new TwilioCallDetails(call.Sid, call.From, call.To, call.Direction, call.Status?.ToString(),
            ParseInt(call.Duration), Utc(call.StartTime), call.ParentCallSid))];
    }

    public async Task<bool> DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken)
    {
        try
        {
            return await Run(() => RecordingResource.DeleteAsync(recordingSid, _accountSid, _client), cancellationToken);
        }
        catch (TwilioApiException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public string AccountSid => _accountSid;

    public string RecordingUrl(string recordingSid) =>
        $"{_apiBaseUrl}/2010-04-01/Accounts/{_accountSid}/Recordings/{recordingSid}";

    private Task<T> SendAsync<T>(TwilioHttp.Request request, Func<string, T> parse, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            var response = await _client.RequestAsync(request);
            if ((int)response.StatusCode is < 200 or > 299)
            {
                throw new TwilioApiException((int)response.StatusCode, $"Twilio answered {(int)response.StatusCode} listing recordings.");
            }

            return parse(response.Content);
        }, cancellationToken);

    /// <summary>Runs one SDK call with the retry policy; what still fails becomes a <see cref="TwilioApiException"/>.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async _ => await call(), cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or ApiConnectionException or HttpRequestException or TwilioException)
        {
            throw new TwilioApiException(StatusOf(ex), Describe(ex), ex);
        }
    }

    private static bool IsTransient(Exception ex) => StatusOf(ex) switch
    {
        429 => true,
        >= 500 => true,
        null => ex is ApiConnectionException or HttpRequestException,
        _ => false,
    };

    private static int? StatusOf(Exception? ex) => ex switch
    {
        ApiException api => api.Status,
        TwilioApiException ours => ours.Status,
        _ => null,
    };

    /// <summary>What went wrong, for the log and the reconciliation report: Twilio's status and code, never credentials.</summary>
    private static string Describe(Exception? ex) => ex switch
    {
        ApiException api => $"Twilio answered {api.Status} (error {api.Code})",
        TwilioApiException ours => ours.Message,
        ApiConnectionException or HttpRequestException => "Twilio's API could not be reached",
        null => "unknown",
        _ => ex.GetType().Name,
    };

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc)) : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio's REST API: retrying (attempt {Attempt}) after: {Problem}")]
    private static partial void LogRetry(ILogger logger, int attempt, string problem);
}

/// <summary>
/// Sends the SDK's requests for <c>*.twilio.com</c> to <c>Twilio:ApiBaseUrl</c> (same path and query). With the default
/// base, <c>https://api.twilio.com</c>, nothing changes.
/// </summary>
public sealed class ApiOriginHandler(Uri apiBaseUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { } uri && uri.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new Uri(apiBaseUrl, uri.PathAndQuery);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
