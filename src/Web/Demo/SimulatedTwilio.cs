using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Web.Demo;

/// <summary>
/// Twilio's media host, simulated for demo mode: <c>GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3</c>
/// with HTTP basic auth (account SID and auth token), as Twilio lays it out. It listens on loopback only and serves
/// the recordings demo mode registers, each the way its <see cref="DemoRecordingKind"/> says: at once, slowly, or
/// failing until <see cref="Recover"/>.
/// </summary>
public sealed partial class SimulatedTwilio(
    IOptions<DemoOptions> demo,
    IOptions<TwilioOptions> twilio,
    ILogger<SimulatedTwilio> logger) : IHostedService, IAsyncDisposable
{
    private const int SlowChunkBytes = 4096;

    private readonly ConcurrentDictionary<string, HostedRecording> _recordings = new(StringComparer.Ordinal);
    private WebApplication? _host;

    /// <summary>The origin recording URLs start with, e.g. <c>http://127.0.0.1:5081</c>.</summary>
    public string Origin { get; } = OriginOf(demo.Value.TwilioUrl);

    /// <summary>The URL of a recording as Twilio's recording-status callback gives it (without an extension).</summary>
    public string RecordingUrl(string recordingSid) =>
        $"{Origin}/2010-04-01/Accounts/{twilio.Value.AccountSid}/Recordings/{recordingSid}";

    /// <summary>Serves <paramref name="path"/> as the recording <paramref name="recordingSid"/> from now on.</summary>
    public void Add(string recordingSid, string path, DemoRecordingKind kind) =>
        _recordings[recordingSid] = new HostedRecording(path, kind);

    /// <summary>A failing recording is served normally from now on (Twilio is well again).</summary>
    public void Recover(string recordingSid)
    {
        if (_recordings.TryGetValue(recordingSid, out var recording))
        {
            recording.Recover();
            LogRecovered(logger, recordingSid);
        }
    }

    /// <summary>How many download requests for <paramref name="recordingSid"/> arrived (authorised or not).</summary>
    public int RequestsFor(string recordingSid) =>
        _recordings.TryGetValue(recordingSid, out var recording) ? recording.Requests : 0;

    /// <summary>The origin of a loopback http(s) URL; anything else is refused: the simulated host never faces a network.</summary>
    public static string OriginOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Port <= 0)
        {
            throw new DemoSetupException($"Demo:TwilioUrl '{url}' must be an http(s) URL with a port and no path, e.g. http://127.0.0.1:5081.");
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            throw new DemoSetupException($"Demo:TwilioUrl '{url}' must be a loopback address (127.0.0.1 or [::1]): the simulated Twilio runs on loopback only.");
        }

        return $"{uri.Scheme}://{uri.Authority}";
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var origin = new Uri(Origin);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(origin.Host.Trim('[', ']')), origin.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (origin.Scheme == "https")
                {
                    listen.UseHttps();
                }
            });
        });
        _host = builder.Build();
        _host.MapGet("/2010-04-01/Accounts/{accountSid}/Recordings/{file}", ServeAsync);
        try
        {
            await _host.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new DemoSetupException($"The simulated Twilio cannot listen on {Origin} (is the port taken? set Demo:TwilioUrl): {ex.Message}", ex);
        }

        LogListening(logger, Origin);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            await _host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    private async Task<IResult> ServeAsync(HttpContext context, string accountSid, string file)
    {
        var recordingSid = file.EndsWith(".mp3", StringComparison.Ordinal) ? file[..^4] : file;
        _recordings.TryGetValue(recordingSid, out var recording);
        recording?.CountRequest();

        if (!IsAuthorised(context.Request, accountSid))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return TwilioError(StatusCodes.Status401Unauthorized, 20003, "Authenticate");
        }

        if (recording is null || !file.EndsWith(".mp3", StringComparison.Ordinal))
        {
            return TwilioError(StatusCodes.Status404NotFound, 20404,
                $"The requested resource /2010-04-01/Accounts/{accountSid}/Recordings/{file} was not found");
        }

        switch (recording.Kind)
        {
            case DemoRecordingKind.FailingDownload when !recording.IsRecovered:
                LogFailing(logger, recordingSid);
                return TwilioError(StatusCodes.Status503ServiceUnavailable, 20503, "Service Unavailable");
            case DemoRecordingKind.SlowAtTwilio:
                await SendSlowlyAsync(context, recording.Path, demo.Value.SlowBytesPerSecond);
                return Results.Empty;
            default:
                return Results.File(recording.Path, "audio/mpeg", enableRangeProcessing: true);
        }
    }

    private bool IsAuthorised(HttpRequest request, string accountSid)
    {
        var settings = twilio.Value;
        if (!string.Equals(accountSid, settings.AccountSid, StringComparison.Ordinal)
            || !AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}");
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>The whole file with its length announced, sent a chunk at a time at about <paramref name="bytesPerSecond"/>.</summary>
    private static async Task SendSlowlyAsync(HttpContext context, string path, int bytesPerSecond)
    {
        await using var source = File.OpenRead(path);
        context.Response.ContentType = "audio/mpeg";
        context.Response.ContentLength = source.Length;
        var pause = TimeSpan.FromSeconds((double)SlowChunkBytes / Math.Max(1, bytesPerSecond));
        var buffer = new byte[SlowChunkBytes];
        int read;
        while ((read = await source.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(pause, context.RequestAborted);
        }
    }

    /// <summary>An error body in Twilio's JSON shape.</summary>
    private static IResult TwilioError(int status, int code, string message) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);

    private sealed class HostedRecording(string path, DemoRecordingKind kind)
    {
        private int _requests;
        private int _recovered;

        public string Path { get; } = path;

        public DemoRecordingKind Kind { get; } = kind;

        public int Requests => Volatile.Read(ref _requests);

        public bool IsRecovered => Volatile.Read(ref _recovered) == 1;

        public void CountRequest() => Interlocked.Increment(ref _requests);

        public void Recover() => Volatile.Write(ref _recovered, 1);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the simulated Twilio media host listens on {Origin} (loopback only)")]
    private static partial void LogListening(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the simulated Twilio fails the download of {RecordingSid} (503), as scripted")]
    private static partial void LogFailing(ILogger logger, string recordingSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the simulated Twilio serves {RecordingSid} again")]
    private static partial void LogRecovered(ILogger logger, string recordingSid);
}
