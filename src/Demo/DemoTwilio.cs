using System.Net;
using Microsoft.Extensions.Options;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Demo;

/// <summary>
/// Demo mode's Twilio: the project's <see cref="SimulatedTwilio"/> on <c>Demo:TwilioUrl</c> (loopback only), with the
/// app's account SID and auth token, serving each demo recording the way its <see cref="DemoRecordingKind"/> says: at
/// once, slowly, or failing until <see cref="Recover"/>.
/// </summary>
public sealed partial class DemoTwilio(IOptions<DemoOptions> demo, IOptions<TwilioOptions> twilio, ILogger<DemoTwilio> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private SimulatedTwilio? _server;

    /// <summary>The origin recording URLs start with, e.g. <c>http://127.0.0.1:5081</c>.</summary>
    public string Origin { get; } = OriginOf(demo.Value.TwilioUrl);

    private SimulatedTwilio Server => _server ?? throw new InvalidOperationException("The demo's simulated Twilio has not started.");

    /// <summary>The URL of a recording as Twilio's recording-status callback gives it (without an extension).</summary>
    public string RecordingUrl(string recordingSid) => Server.RecordingUrl(recordingSid);

    /// <summary>Serves <paramref name="path"/> as the recording <paramref name="recordingSid"/> from now on.</summary>
    public void Add(string recordingSid, string path, DemoRecordingKind kind)
    {
        lock (_files)
        {
            _files[recordingSid] = path;
        }

        Server.Recording(recordingSid).Otherwise(kind switch
        {
            DemoRecordingKind.FailingDownload => TwilioResponse.Status(StatusCodes.Status503ServiceUnavailable),
            DemoRecordingKind.SlowAtTwilio => TwilioResponse.File(path, demo.Value.SlowBytesPerSecond),
            _ => TwilioResponse.File(path),
        });
    }

    /// <summary>Twilio's REST API knows the call and lists its recording (what reconciliation reads).</summary>
    /// <param name="leg">The leg dialled through to the agent who took it (its SID, from and to), if someone did.</param>
    public void ListInRestApi(DemoCall call, string from, string to, DateTimeOffset startedAt, int seconds, (string Sid, string From, string To)? leg = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        Server.KnowCall(new SimulatedCall(call.CallSid, from, to, startedAt, call.Inbound ? "inbound" : "outbound-api", "completed", seconds));
        if (leg is { } dialled)
        {
            Server.KnowCall(new SimulatedCall(dialled.Sid, dialled.From, dialled.To, startedAt, "outbound-dial", "completed", seconds, call.CallSid));
        }

        Server.ListRecording(new SimulatedListedRecording(call.RecordingSid, call.CallSid, startedAt.AddSeconds(seconds), Duration: seconds, Channels: call.Channels)
        {
            StartTime = startedAt,
        });
    }

    /// <summary>A failing recording is served normally from now on (Twilio is well again).</summary>
    public void Recover(string recordingSid)
    {
        string? path;
        lock (_files)
        {
            _files.TryGetValue(recordingSid, out path);
        }

        if (path is not null)
        {
            Server.Recording(recordingSid).Otherwise(TwilioResponse.File(path));
            LogRecovered(logger, recordingSid);
        }
    }

    /// <summary>How many download requests for <paramref name="recordingSid"/> arrived (authorised or not).</summary>
    public int RequestsFor(string recordingSid) => Server.RequestCount(recordingSid);

    /// <summary>The query of each download request for <paramref name="recordingSid"/>, in order (<c>?RequestedChannels=2</c> for both channels).</summary>
    public IReadOnlyList<string> QueriesFor(string recordingSid) => [.. Server.RequestsFor(recordingSid).Select(r => r.Query)];

    /// <summary>The origin of a loopback http URL; anything else is refused: the simulated host never faces a network.</summary>
    public static string OriginOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/" || uri.Port <= 0)
        {
            throw new DemoSetupException($"Demo:TwilioUrl '{url}' must be an http URL with a port and no path, e.g. http://127.0.0.1:5081.");
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
        var endpoint = new IPEndPoint(IPAddress.Parse(origin.Host.Trim('[', ']')), origin.Port);
        try
        {
            _server = await SimulatedTwilio.StartAsync(twilio.Value.AccountSid, twilio.Value.AuthToken, requireAuthentication: true, endpoint);
        }
        catch (IOException ex)
        {
            throw new DemoSetupException($"The simulated Twilio cannot listen on {Origin} (is the port taken? set Demo:TwilioUrl): {ex.Message}", ex);
        }

        LogListening(logger, Origin);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the simulated Twilio media host listens on {Origin} (loopback only)")]
    private static partial void LogListening(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the simulated Twilio serves {RecordingSid} again")]
    private static partial void LogRecovered(ILogger logger, string recordingSid);
}
