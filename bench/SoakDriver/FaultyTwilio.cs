using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;

using Recordings.Demo.Twilio;

namespace Recordings.Bench.Soak;

/// <summary>
/// Twilio as both nodes see it during the soak: the project's <see cref="SimulatedTwilio"/> (media and REST API) on a
/// loopback port of its own, behind this front on the soak's Twilio port. The front injects the faults - a share of
/// requests answered 503 throughout, and a window where every request's connection is reset (Twilio down) - and counts,
/// per recording, the media requests that reached the simulated Twilio and those it answered 200 with the audio (a
/// download). Requests the front failed never reach the simulated Twilio.
/// </summary>
public sealed class FaultyTwilio(SimulatedTwilio inner, double failRatio)
{
    private static readonly HttpClient Forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly ConcurrentDictionary<string, long[]> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _okTimes = new(StringComparer.Ordinal);
    private long _downUntilTicks;
    private long _injected503;
    private long _resetWhileDown;
    private long _forwarded;

    public SimulatedTwilio Inner => inner;

    public double FailRatio { get; set; } = failRatio;

    /// <summary>Twilio is down (every connection reset) for <paramref name="duration"/> from now.</summary>
    public void GoDown(TimeSpan duration) => Interlocked.Exchange(ref _downUntilTicks, DateTime.UtcNow.Add(duration).Ticks);

    public bool IsDown => DateTime.UtcNow.Ticks < Interlocked.Read(ref _downUntilTicks);

    public async Task HandleAsync(HttpContext context)
    {
        if (IsDown)
        {
            Interlocked.Increment(ref _resetWhileDown);
            context.Abort();
            return;
        }

        if (Random.Shared.NextDouble() < FailRatio)
        {
            Interlocked.Increment(ref _injected503);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync("""{"code":20500,"message":"Service Unavailable (soak)","status":503}""", context.RequestAborted);
            return;
        }

        Interlocked.Increment(ref _forwarded);
        var path = context.Request.Path.Value ?? string.Empty;
        var recordingSid = MediaSid(path, context.Request.Method);
        var counts = recordingSid is null ? null : _media.GetOrAdd(recordingSid, static _ => new long[4]);
        if (counts is not null)
        {
            Interlocked.Increment(ref counts[0]);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), inner.BaseUrl + path + context.Request.QueryString.Value);
        if (context.Request.Headers.Authorization.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        }

        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            body.Position = 0;
            request.Content = new StreamContent(body);
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await Forward.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        foreach (var header in response.Headers)
        {
            if (header.Key is "WWW-Authenticate" or "Retry-After" or "Location")
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        if (counts is not null && response.StatusCode == HttpStatusCode.OK)
        {
            // Every 200 (Unix ms, once the audio is written): a 200 before the last is explained only by a fault that
            // cost the node that copy (a node killed while it held the bytes, the store down when it tried to store them).
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (Interlocked.Increment(ref counts[1]) == 1)
            {
                Interlocked.Exchange(ref counts[2], now);
            }

            Interlocked.Exchange(ref counts[3], now);
            _okTimes.GetOrAdd(recordingSid!, static _ => new ConcurrentQueue<long>()).Enqueue(now);
        }
    }

    /// <summary><c>GET /2010-04-01/Accounts/{AC}/Recordings/{RE}.mp3</c> -> the recording SID.</summary>
    private static string? MediaSid(string path, string method)
    {
        if (!HttpMethods.IsGet(method) || !path.EndsWith(".mp3", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.LastIndexOf('/');
        return path[(slash + 1)..^".mp3".Length];
    }

    /// <summary>
    /// One line per recording asked for: SID, media requests that reached the simulated Twilio, of them answered 200,
    /// the first and last 200 (Unix ms), and every 200 in order (a PostgreSQL array, <c>{t1,t2}</c>).
    /// </summary>
    public string DownloadsTsv()
    {
        var text = new StringBuilder();
        foreach (var (sid, counts) in _media)
        {
            var times = _okTimes.TryGetValue(sid, out var queue) ? queue.Order() : Enumerable.Empty<long>();
            text.Append(CultureInfo.InvariantCulture,
                $"{sid}\t{Interlocked.Read(ref counts[0])}\t{Interlocked.Read(ref counts[1])}\t{Interlocked.Read(ref counts[2])}\t{Interlocked.Read(ref counts[3])}\t{{{string.Join(',', times)}}}\n");
        }

        return text.ToString();
    }

    public object Stats() => new
    {
        forwarded = Interlocked.Read(ref _forwarded),
        injected503 = Interlocked.Read(ref _injected503),
        resetWhileDown = Interlocked.Read(ref _resetWhileDown),
        recordingsAskedFor = _media.Count,
    };

    /// <summary>A stand-in for an OpenAI-compatible Whisper endpoint: reads the upload, answers verbose_json at once.</summary>
    public static async Task TranscribeAsync(HttpContext context, Counter transcriptions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var bytes = form.Files.Sum(f => f.Length);
        transcriptions.Add();
        var answer = new
        {
            text = "hello this is the soak speaking about an order",
            language = "english",
            duration = 2.0,
            segments = new[] { new { id = 0, start = 0.0, end = 2.0, text = "hello this is the soak speaking about an order" } },
            words = new[]
            {
                new { word = "hello", start = 0.0, end = 0.3 }, new { word = "this", start = 0.3, end = 0.5 },
                new { word = "is", start = 0.5, end = 0.6 }, new { word = "the", start = 0.6, end = 0.7 },
                new { word = "soak", start = 0.7, end = 1.0 }, new { word = "speaking", start = 1.0, end = 1.4 },
                new { word = "about", start = 1.4, end = 1.6 }, new { word = "an", start = 1.6, end = 1.7 },
                new { word = "order", start = 1.7, end = 2.0 },
            },
            bytes,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer), context.RequestAborted);
    }
}

/// <summary>A thread-safe counter.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Add(long by = 1) => Interlocked.Add(ref _value, by);
}
