using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Polly;

using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Common;

namespace Recordings.Infrastructure.Twilio;

/// <summary>
/// Downloads a recording's mp3 from Twilio's media API: <c>GET {RecordingUrl}.mp3</c> with basic auth, only from
/// <see cref="TwilioOptions.MediaOrigins"/>. HttpClient follows the redirects (at most <see cref="MaxRedirects"/>; the
/// credentials go only with the first request, never along a redirect; HTTPS to HTTP is refused). Each attempt streams the body into a fresh
/// upload and commits it only when the answer was 200 <c>audio/*</c> with every byte of its <c>Content-Length</c>.
/// Attempts are wrapped in <see cref="TwilioDownloadRetryPolicy"/>; each has <see cref="TwilioOptions.AttemptTimeout"/>
/// to get the response headers and again for every wait for more bytes.
/// </summary>
public sealed partial class TwilioMediaClient(
    IHttpClientFactory httpClientFactory,
    TwilioDownloadRetryPolicy retryPolicy,
    IOptions<TwilioOptions> options,
    TimeProvider timeProvider,
    ILogger<TwilioMediaClient> logger) : ITwilioMediaClient
{
    /// <summary>The named <see cref="HttpClient"/> (its handler follows at most <see cref="MaxRedirects"/> redirects).</summary>
    public const string HttpClientName = "twilio-media";

    public bool IsTrustedRecordingUrl(string recordingUrl, string accountSid, string recordingSid)
    {
        var path = $"/2010-04-01/Accounts/{accountSid}/Recordings/{recordingSid}";
        return options.Value.MediaOrigins.Any(origin => string.Equals(recordingUrl, origin.TrimEnd('/') + path, StringComparison.Ordinal));
    }

    /// <summary>The most redirects followed for one attempt.</summary>
    public const int MaxRedirects = 5;

    private const int ChunkSize = 64 * 1024;

    public async Task<MediaDownloadResult> DownloadAsync(
        MediaDownloadRequest request,
        IRecordingStore store,
        Func<long, long?, CancellationToken, ValueTask> progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(progress);
        if (!Sid.IsCallSid(request.CallSid))
        {
            throw new ArgumentException("A call SID is CA followed by 32 hexadecimal digits.", nameof(request));
        }

        var settings = options.Value;
        var origins = settings.MediaOrigins is { Length: > 0 } configured ? configured : TwilioOptions.DefaultMediaOrigins;
        if (!TryBuildMediaUri(request.RecordingUrl, request.Channels, origins, out var mediaUri, out var refusal))
        {
            LogRefused(logger, request.CallSid, refusal);
            return MediaDownloadResult.Failure(refusal, 0);
        }

        var download = new Download(this, request, store, progress, mediaUri, settings);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        DownloadAttempt last;
        try
        {
            context.Properties.Set(TwilioDownloadRetryPolicy.CallSidKey, request.CallSid);
            last = await retryPolicy.Pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Client.AttemptAsync(state, ctx.CancellationToken),
                context,
                download);
        }
        catch (HttpRequestException ex)
        {
            // Only reachable if an attempt let one escape; it is still an outcome, not a crash.
            last = DownloadAttempt.Retryable("network", $"The connection to Twilio failed ({ex.Message})");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        switch (last.Kind)
        {
            case DownloadAttemptKind.Stored when last.Stored is { } stored:
                LogStored(logger, request.CallSid, stored.Length, stored.Sha256, download.Attempts);
                return MediaDownloadResult.Success(stored, download.Attempts);
            case DownloadAttemptKind.Gone:
                LogGone(logger, request.CallSid, download.Attempts);
                return MediaDownloadResult.NotFound(last.Problem ?? "Twilio has no such recording (404)", download.Attempts);
            case DownloadAttemptKind.Permanent:
                LogGaveUp(logger, request.CallSid, download.Attempts, last.Problem);
                return MediaDownloadResult.Failure(last.Problem ?? "The download failed", download.Attempts);
            default:
                var message = download.ExhaustedMessage(last);
                LogGaveUp(logger, request.CallSid, download.Attempts, message);
                return MediaDownloadResult.Failure(message, download.Attempts);
        }
    }

    /// <summary>
    /// <c>{RecordingUrl}.mp3</c> (with <c>?RequestedChannels=2</c> for a dual-channel recording: both legs, one per
    /// channel), or why it may not be requested (a foreign origin, credentials in the URL...).
    /// </summary>
    private static bool TryBuildMediaUri(string? recordingUrl, int? channels, string[] origins, out Uri mediaUri, out string refusal)
    {
        mediaUri = null!;
        if (!Uri.TryCreate(recordingUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            refusal = "The recording URL is not an absolute HTTP(S) URL; nothing was requested";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            refusal = "The recording URL has user information, a query or a fragment; nothing was requested";
            return false;
        }

        if (!MediaOrigin.IsAllowed(uri, origins))
        {
            refusal = $"The recording URL's origin {MediaOrigin.Of(uri)} is not one of Twilio:MediaOrigins; nothing was requested";
            return false;
        }

        var path = uri.GetLeftPart(UriPartial.Path);
        var mp3 = path.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase) ? path : path + ".mp3";
        mediaUri = new Uri(channels == 2 ? mp3 + "?RequestedChannels=2" : mp3);
        refusal = string.Empty;
        return true;
    }

    private async ValueTask<DownloadAttempt> AttemptAsync(Download download, CancellationToken cancellationToken)
    {
        var number = download.StartAttempt();
        LogAttempt(logger, download.Request.CallSid, number, retryPolicy.MaxAttempts, download.Origin);

        var attemptTimeout = download.Settings.AttemptTimeout;
        using var timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        timeout.CancelAfter(attemptTimeout);

        DownloadAttempt result;
        try
        {
            result = await SendAndStoreAsync(download, timeout, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = DownloadAttempt.Retryable("timeout", $"Twilio did not answer or send data for {attemptTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            result = DownloadAttempt.Retryable("network", $"The connection to Twilio failed ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The network side turns its IOExceptions into results below: this one comes from the storage.
            LogStorageFailed(logger, ex, download.Request.CallSid);
            result = DownloadAttempt.Retryable(StorageProblemKey, "Our recording storage did not accept the recording");
        }

        download.Record(result);
        if (result.Kind is not DownloadAttemptKind.Stored)
        {
            LogAttemptFailed(logger, download.Request.CallSid, number, result.Kind, result.Problem);
        }

        return result;
    }

    private async Task<DownloadAttempt> SendAndStoreAsync(
        Download download, CancellationTokenSource timeout, CancellationToken token, CancellationToken callerToken)
    {
        var (response, refusal) = await SendFollowingRedirectsAsync(download, token);
        if (response is null)
        {
            return refusal!;
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ClassifyStatus(response, download.Request);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
            {
                return DownloadAttempt.Retryable(
                    "not-audio", $"Twilio answered 200 with {mediaType ?? "no content type"} instead of audio");
            }

            var contentLength = response.Content.Headers.ContentLength;
            await using var upload = await download.Store.BeginUploadAsync(download.Request.StorageKey, token);
            await download.Progress(0, contentLength, callerToken);

            await using var body = await response.Content.ReadAsStreamAsync(token);
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                long received = 0;
                while (true)
                {
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer.AsMemory(0, ChunkSize), token);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException)
                    {
                        return ShortBody(received, contentLength);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    await upload.Content.WriteAsync(buffer.AsMemory(0, read), token);
                    received += read;
                    timeout.CancelAfter(download.Settings.AttemptTimeout);
                    await download.Progress(received, contentLength, callerToken);
                }

                if (contentLength is { } expected && received != expected)
                {
                    return ShortBody(received, contentLength);
                }

                if (received == 0)
                {
                    return DownloadAttempt.Retryable("empty", "Twilio answered 200 with an empty body");
                }

                return DownloadAttempt.Succeeded(await upload.CommitAsync(token));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static DownloadAttempt ShortBody(long received, long? contentLength) =>
        DownloadAttempt.Retryable(
            "short-body",
            contentLength is { } expected
                ? $"Twilio's response ended after {received} of {expected} bytes"
                : $"Twilio's response broke off after {received} bytes");

    /// <summary>
    /// Sends the GET; HttpClient follows the redirects (at most <see cref="MaxRedirects"/>), dropping the credentials on
    /// every hop and refusing HTTPS to HTTP. Returns the final response, or why a redirect it stopped at is refused.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, DownloadAttempt? Refusal)> SendFollowingRedirectsAsync(
        Download download, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, download.MediaUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("audio/mpeg"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", download.Credentials);

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            return (response, null);
        }

        // A redirect HttpClient did not follow: say why (the one rule it lacks is telling the agent).
        using (response)
        {
            var from = response.RequestMessage?.RequestUri ?? download.MediaUri;
            var location = response.Headers.Location;
            var to = location is null ? null : location.IsAbsoluteUri ? location : new Uri(from, location);
            var why = to switch
            {
                null => $"Twilio answered {Describe(status)} without a Location",
                { Scheme: not ("https" or "http") } => "Twilio redirected to a URL that is not plain HTTP(S); refused",
                { Scheme: "http" } when from.Scheme == Uri.UriSchemeHttps => "Twilio redirected from HTTPS to plain HTTP; refused",
                _ => $"Twilio redirected more than {MaxRedirects} times",
            };
            return (null, DownloadAttempt.Permanent("redirect", why));
        }
    }

    private DownloadAttempt ClassifyStatus(HttpResponseMessage response, MediaDownloadRequest request)
    {
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 404:
                var graceEnds = request.CompletedAt.AddSeconds(Math.Max(0, options.Value.NotFoundGraceSeconds));
                return timeProvider.GetUtcNow() < graceEnds
                    ? DownloadAttempt.Retryable("status:404", $"Twilio answered {Describe(status)}")
                    : DownloadAttempt.Gone("Twilio has no such recording (404)");
            case 410:
                return DownloadAttempt.Gone("Twilio has no such recording (410)");
            case 401 or 403:
                return DownloadAttempt.Permanent(
                    "credentials",
                    $"Twilio refused the credentials ({Describe(status)}): check Twilio:AccountSid and Twilio:AuthToken");
            case 408 or 429 or >= 500:
                return DownloadAttempt.Retryable($"status:{status}", $"Twilio answered {Describe(status)}", RetryAfter(response));
            default:
                return DownloadAttempt.Permanent($"status:{status}", $"Twilio answered {Describe(status)}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return delay > TimeSpan.Zero ? delay : null;
    }

    private static string Describe(int status) =>
        ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? $"{status} {phrase}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One call of <see cref="DownloadAsync"/>: what every attempt needs, and what the attempts saw.</summary>
    private sealed class Download(
        TwilioMediaClient client,
        MediaDownloadRequest request,
        IRecordingStore store,
        Func<long, long?, CancellationToken, ValueTask> progress,
        Uri mediaUri,
        TwilioOptions settings)
    {
        private string? _lastProblemKey;
        private int _sameProblemCount;

        public TwilioMediaClient Client { get; } = client;

        public MediaDownloadRequest Request { get; } = request;

        public IRecordingStore Store { get; } = store;

        public Func<long, long?, CancellationToken, ValueTask> Progress { get; } = progress;

        public Uri MediaUri { get; } = mediaUri;

        public string Origin { get; } = MediaOrigin.Of(mediaUri);

        public TwilioOptions Settings { get; } = settings;

        public string Credentials { get; } =
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}"));

        public int Attempts { get; private set; }

        public int StartAttempt() => ++Attempts;

        public void Record(DownloadAttempt attempt)
        {
            if (attempt.ProblemKey is null)
            {
                return;
            }

            _sameProblemCount = attempt.ProblemKey == _lastProblemKey ? _sameProblemCount + 1 : 1;
            _lastProblemKey = attempt.ProblemKey;
        }

        /// <summary>"Twilio answered 503 Service Unavailable 6 times", or the last problem and the number of attempts.</summary>
        public string ExhaustedMessage(DownloadAttempt last)
        {
            var problem = last.Problem ?? "The download failed";
            var message = _sameProblemCount == Attempts
                ? Attempts == 1 ? $"{problem} (1 attempt)" : $"{problem} {Attempts} times"
                : $"Gave up after {Attempts} attempts; the last: {problem}";

            // Twilio still has the recording: what an agent can do is wait for our storage, and say so if it lasts.
            return last.ProblemKey == StorageProblemKey ? message + StorageAdvice : message;
        }
    }

    private const string StorageProblemKey = "storage";

    /// <summary>What an agent reads after a download failed because of our storage (Twilio still has the recording).</summary>
    public const string StorageAdvice = ". The recording is safe at Twilio: press Try again in a few minutes, and tell your administrator if it keeps failing.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloading the recording of {CallSid} from {Origin} (attempt {Attempt} of {MaxAttempts})")]
    private static partial void LogAttempt(ILogger logger, string callSid, int attempt, int maxAttempts, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording download attempt {Attempt} for {CallSid} ended {Kind}: {Problem}")]
    private static partial void LogAttemptFailed(ILogger logger, string callSid, int attempt, DownloadAttemptKind kind, string? problem);


    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the recording of {CallSid}: {Length} bytes, SHA-256 {Sha256}, after {Attempts} attempt(s)")]
    private static partial void LogStored(ILogger logger, string callSid, long length, string sha256, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio has no recording for {CallSid} (after {Attempts} attempt(s))")]
    private static partial void LogGone(ILogger logger, string callSid, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up downloading the recording of {CallSid} after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string callSid, int attempts, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to download the recording of {CallSid}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string callSid, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the recording of {CallSid} to storage failed")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string callSid);
}
