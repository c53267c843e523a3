using System.Collections.Concurrent;
using System.Net;
using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Recordings.Demo.Twilio;

/// <summary>
/// Twilio's media API, simulated on real loopback HTTP (Kestrel on 127.0.0.1; a free port unless told one): the one
/// simulated Twilio of the project, which demo mode serves its recordings with and the tests script. It serves
/// <c>GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3</c>, checks basic auth
/// (<see cref="AccountSid"/>:<see cref="AuthToken"/>; 401 without or with wrong credentials, unless started with
/// <c>requireAuthentication: false</c>, e.g. as a redirect target standing in for a CDN), and answers each request for a
/// recording with the next scripted response of <see cref="Recording"/>, or its fallback once the queue is empty
/// (404 for a recording nobody scripted). Every request is logged before it is answered; tests wait for requests with
/// <see cref="WaitForRequestsAsync"/> (signals, not sleeps).
/// </summary>
public sealed class SimulatedTwilio : IAsyncDisposable
{
    public const string DefaultAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string DefaultAuthToken = "fake-twilio-auth-token";

    /// <summary>How long <see cref="WaitForRequestsAsync"/> waits by default before failing the test.</summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    private const string RecordingsPathPrefix = "/2010-04-01/Accounts/";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SimulatedRecording> _recordings = new(StringComparer.Ordinal);
    private readonly List<SimulatedTwilioRequest> _requests = [];
    private readonly List<(Func<IReadOnlyList<SimulatedTwilioRequest>, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
    private readonly object _lock = new();
    private readonly SimulatedTwilioRestApi _rest = new();

    private SimulatedTwilio(WebApplication app, string accountSid, string authToken, bool requireAuthentication)
    {
        _app = app;
        AccountSid = accountSid;
        AuthToken = authToken;
        RequireAuthentication = requireAuthentication;
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    public bool RequireAuthentication { get; }

    /// <summary>The origin, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash): put it in <c>Twilio:MediaOrigins</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The <c>Authorization</c> value Twilio's clients send: <c>Basic base64(AccountSid:AuthToken)</c>.</summary>
    public string ExpectedAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<SimulatedTwilioRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <param name="endpoint">Where to listen: a loopback address and port (a free port on 127.0.0.1 when null).</param>
    public static async Task<SimulatedTwilio> StartAsync(
        string accountSid = DefaultAccountSid, string authToken = DefaultAuthToken, bool requireAuthentication = true,
        IPEndPoint? endpoint = null)
    {
        if (endpoint is not null && !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException("The simulated Twilio listens on loopback only.", nameof(endpoint));
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        });
        var app = builder.Build();
        var server = new SimulatedTwilio(app, accountSid, authToken, requireAuthentication);
        app.Run(server.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    /// <summary>The recording's URL as Twilio sends it in a callback (without <c>.mp3</c>).</summary>
    public string RecordingUrl(string accountSid, string recordingSid) =>
        $"{BaseUrl}{RecordingsPathPrefix}{accountSid}/Recordings/{recordingSid}";

    /// <summary>The recording's URL under this server's <see cref="AccountSid"/>.</summary>
    public string RecordingUrl(string recordingSid) => RecordingUrl(AccountSid, recordingSid);

    /// <summary>The script of one recording (created on first use; answers 404 until told otherwise).</summary>
    public SimulatedRecording Recording(string recordingSid) => _recordings.GetOrAdd(recordingSid, static sid => new SimulatedRecording(sid));

    /// <summary>The requests for one recording so far.</summary>
    public IReadOnlyList<SimulatedTwilioRequest> RequestsFor(string recordingSid) =>
        [.. Requests.Where(r => r.RecordingSid == recordingSid)];

    public int RequestCount(string recordingSid) => RequestsFor(recordingSid).Count;

    /// <summary>Completes once at least <paramref name="count"/> requests for the recording have arrived.</summary>
    public Task WaitForRequestsAsync(string recordingSid, int count, TimeSpan? timeout = null) =>
        WaitForAsync(
            requests => requests.Count(r => r.RecordingSid == recordingSid) >= count,
            timeout,
            $"{count} request(s) for {recordingSid}");

    /// <summary>Completes once at least <paramref name="count"/> requests (for anything) have arrived.</summary>
    public Task WaitForAnyRequestsAsync(int count, TimeSpan? timeout = null) =>
        WaitForAsync(requests => requests.Count >= count, timeout, $"{count} request(s)");

    public async ValueTask DisposeAsync()
    {
        foreach (var recording in _recordings.Values)
        {
            recording.ReleaseAllGates();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WaitForAsync(Func<IReadOnlyList<SimulatedTwilioRequest>, bool> condition, TimeSpan? timeout, string what)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_requests))
            {
                return;
            }

            _waiters.Add((condition, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout ?? DefaultWaitTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The fake Twilio server did not receive {what} in time; it received {Requests.Count} in all.");
        }
    }

    private void Log(SimulatedTwilioRequest request)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(_requests))
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Lists a recording in the REST API's Recordings list (what reconciliation reads).</summary>
    public void ListRecording(SimulatedListedRecording recording) => _rest.List(recording);

    /// <summary>The next <paramref name="count"/> REST API requests answer <paramref name="status"/> (e.g. 429 or 503).</summary>
    public void FailNextRestRequests(int count, int status) => _rest.FailNext(count, status);

    /// <summary>Forgets every listed recording, known call, deletion and scripted failure of the REST API.</summary>
    public void ForgetRestApiData() => _rest.Clear();

    /// <summary>The query strings of the REST API's list requests, in order (<c>DateCreated&gt;</c>, <c>DateCreated&lt;</c>, <c>Page</c>).</summary>
    public IReadOnlyList<string> RecordingListRequests => _rest.ListRequests;

    /// <summary>Lists <paramref name="count"/> completed recordings at once (see <see cref="BenchListingPath"/>).</summary>
    public void ListManyRecordings(int first, int count, DateTimeOffset firstCreated, TimeSpan spacing) =>
        _rest.ListMany(first, count, firstCreated, spacing);

    /// <summary>Forgets the list requests received so far.</summary>
    public void ClearRecordingListRequests() => _rest.ClearListRequests();

    /// <summary>Every request for list page <paramref name="page"/> (0-based) answers 503 until <see cref="ForgetRestApiData"/>.</summary>
    public void FailRecordingListPage(int page) => _rest.FailListPage(page);

    /// <summary>Makes a call known to the REST API's Calls resource.</summary>
    public void KnowCall(SimulatedCall call) => _rest.Know(call);

    /// <summary>Whether the REST API was asked to delete this recording (its media answers 404 since).</summary>
    public bool WasDeleted(string recordingSid) => _rest.IsDeleted(recordingSid);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var (accountSid, recordingSid) = ParseRecordingPath(path);
        string? authorization = context.Request.Headers.Authorization;
        Log(new SimulatedTwilioRequest(context.Request.Method, path, accountSid, recordingSid, authorization, context.Request.QueryString.Value ?? string.Empty));

        if (RequireAuthentication && (recordingSid is not null || IsRestPath(path))
            && !string.Equals(authorization, ExpectedAuthorization, StringComparison.Ordinal))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await WriteTwilioErrorAsync(context, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
            return;
        }

        if (path == BenchListingPath && HttpMethods.IsPost(context.Request.Method))
        {
            await ListManyAsync(context);
            return;
        }

        if (recordingSid is null || !HttpMethods.IsGet(context.Request.Method))
        {
            var rest = IsRestPath(path) ? path[(RecordingsPathPrefix.Length + AccountSid.Length + 1)..] : null;
            if (rest is null || !await _rest.TryHandleAsync(context, AccountSid, rest))
            {
                await WriteTwilioErrorAsync(context, StatusCodes.Status404NotFound, 20404, "The requested resource was not found");
            }

            return;
        }

        var response = _rest.IsDeleted(recordingSid) ? TwilioResponse.NotFound()
            : _recordings.TryGetValue(recordingSid, out var recording) ? recording.Next() : TwilioResponse.NotFound();
        await response.WriteAsync(context);
    }

    /// <summary>
    /// Not Twilio's: <c>POST /simulated/listed-recordings?first=0&amp;count=100000&amp;createdFrom=ISO&amp;spacingMs=100</c>
    /// (with the account's basic auth) lists that many completed recordings at once, SIDs <c>RE</c>/<c>CA</c> + the
    /// index in 32 hex digits, for a benchmark of reconciliation (see <see cref="SimulatedTwilioRestApi.ListMany"/>).
    /// </summary>
    public const string BenchListingPath = "/simulated/listed-recordings";

    private async Task ListManyAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers.Authorization, ExpectedAuthorization, StringComparison.Ordinal))
        {
            await WriteTwilioErrorAsync(context, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
            return;
        }

        var query = context.Request.Query;
        var first = int.TryParse(query["first"], System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : 0;
        var count = int.TryParse(query["count"], System.Globalization.CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 0, 10_000_000) : 0;
        var from = DateTimeOffset.TryParse(query["createdFrom"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UtcNow.AddHours(-1);
        var spacing = TimeSpan.FromMilliseconds(double.TryParse(query["spacingMs"], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 10);
        _rest.ListMany(first, count, from, spacing);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>A path of this account's REST API (<c>/2010-04-01/Accounts/{AccountSid}/...</c>, JSON).</summary>
    private bool IsRestPath(string path) =>
        path.StartsWith($"{RecordingsPathPrefix}{AccountSid}/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal);

    private static (string? AccountSid, string? RecordingSid) ParseRecordingPath(string path)
    {
        // /2010-04-01/Accounts/{AC}/Recordings/{RE}.mp3
        if (!path.StartsWith(RecordingsPathPrefix, StringComparison.Ordinal) || !path.EndsWith(".mp3", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var parts = path[RecordingsPathPrefix.Length..^".mp3".Length].Split('/');
        return parts is [var account, "Recordings", var recording] && account.Length > 0 && recording.Length > 0
            ? (account, recording)
            : (null, null);
    }

    internal static async Task WriteTwilioErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>One request the fake server received (logged before it was answered).</summary>
/// <param name="Query">The request's query string (e.g. <c>?RequestedChannels=2</c>), empty when it had none.</param>
public sealed record SimulatedTwilioRequest(
    string Method, string Path, string? AccountSid, string? RecordingSid, string? Authorization, string Query = "");

/// <summary>What the fake server answers for one recording: a queue of responses, then a fallback for every later request.</summary>
public sealed class SimulatedRecording
{
    private readonly ConcurrentQueue<TwilioResponse> _queue = new();
    private readonly ConcurrentBag<ResponseGate> _gates = [];
    private TwilioResponse _fallback = TwilioResponse.NotFound();

    internal SimulatedRecording(string recordingSid) => RecordingSid = recordingSid;

    public string RecordingSid { get; }

    /// <summary>Every request without a queued response gets the audio.</summary>
    public SimulatedRecording Serves(byte[] audio, string contentType = "audio/mpeg") => Otherwise(TwilioResponse.Audio(audio, contentType));

    /// <summary>Every request without a queued response gets this status (e.g. 503: always failing).</summary>
    public SimulatedRecording AlwaysFails(int status = StatusCodes.Status503ServiceUnavailable) => Otherwise(TwilioResponse.Status(status));

    /// <summary>Every request without a queued response gets 404 (the default).</summary>
    public SimulatedRecording NotFound() => Otherwise(TwilioResponse.NotFound());

    /// <summary>Sets the answer given once the queue is empty.</summary>
    public SimulatedRecording Otherwise(TwilioResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Track(response);
        _fallback = response;
        return this;
    }

    /// <summary>Queues answers for the next requests, in order (e.g. 503, 503, then the audio).</summary>
    public SimulatedRecording Then(params TwilioResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        foreach (var response in responses)
        {
            Track(response);
            _queue.Enqueue(response);
        }

        return this;
    }

    /// <summary>Queues a response whose body stops after <paramref name="holdAfterBytes"/> bytes until the gate is released.</summary>
    public ResponseGate ThenGated(byte[] audio, int holdAfterBytes, string contentType = "audio/mpeg")
    {
        var response = TwilioResponse.Gated(audio, holdAfterBytes, contentType);
        Then(response);
        return response.Gate!;
    }

    internal TwilioResponse Next() => _queue.TryDequeue(out var next) ? next : _fallback;

    internal void ReleaseAllGates()
    {
        foreach (var gate in _gates)
        {
            gate.Release();
        }
    }

    private void Track(TwilioResponse response)
    {
        if (response.Gate is { } gate)
        {
            _gates.Add(gate);
        }
    }
}

/// <summary>
/// Holds a response body mid-stream. <see cref="Reached"/> completes once the headers and the first part of the body
/// were flushed to the client; <see cref="Release"/> lets the rest go. A client that goes away also ends the wait.
/// </summary>
public sealed class ResponseGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the response is being held.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Completes when the held response ended: true when it was sent in full, false when the client went away.</summary>
    public Task<bool> Finished => _finished.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Waits (with a safety timeout that fails the test) until the response is held.</summary>
    public Task WaitUntilReachedAsync(TimeSpan? timeout = null) => Reached.WaitAsync(timeout ?? SimulatedTwilio.DefaultWaitTimeout);

    internal void SignalReached() => _reached.TrySetResult();

    internal async Task<bool> WaitForReleaseAsync(CancellationToken requestAborted)
    {
        try
        {
            await _released.Task.WaitAsync(requestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal void SignalFinished(bool complete) => _finished.TrySetResult(complete);
}

/// <summary>One scripted answer of the fake server.</summary>
public sealed class TwilioResponse
{
    private readonly Func<HttpContext, Task> _write;

    private TwilioResponse(string description, Func<HttpContext, Task> write, ResponseGate? gate = null)
    {
        Description = description;
        _write = write;
        Gate = gate;
    }

    public string Description { get; }

    /// <summary>The gate of a <see cref="Gated"/> response.</summary>
    public ResponseGate? Gate { get; }

    /// <summary>200 with the bytes; <paramref name="withContentLength"/> false sends them chunked, with no length.</summary>
    public static TwilioResponse Audio(byte[] audio, string contentType = "audio/mpeg", bool withContentLength = true)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return new($"200 {contentType} ({audio.Length} bytes)", async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            if (withContentLength)
            {
                context.Response.ContentLength = audio.Length;
            }

            await context.Response.Body.WriteAsync(audio, context.RequestAborted);
        });
    }

    /// <summary>A bare status (e.g. 500, 503, 403), with an optional <c>Retry-After</c> value.</summary>
    /// <summary>
    /// 200 with a file's bytes as <c>audio/mpeg</c> and its length, streamed from disk; at about
    /// <paramref name="bytesPerSecond"/> when given (a slow recording: progress can be watched).
    /// </summary>
    public static TwilioResponse File(string path, int? bytesPerSecond = null) =>
        new(bytesPerSecond is null ? $"200 file {System.IO.Path.GetFileName(path)}" : $"200 file {System.IO.Path.GetFileName(path)} at {bytesPerSecond} B/s", async context =>
        {
            const int chunk = 4096;
            await using var source = System.IO.File.OpenRead(path);
            context.Response.ContentType = "audio/mpeg";
            context.Response.ContentLength = source.Length;
            var pause = bytesPerSecond is { } rate ? TimeSpan.FromSeconds((double)chunk / Math.Max(1, rate)) : TimeSpan.Zero;
            var buffer = new byte[chunk];
            int read;
            while ((read = await source.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                if (pause > TimeSpan.Zero)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(pause, context.RequestAborted);
                }
            }
        });

    public static TwilioResponse Status(int status, string? retryAfter = null) =>
        new($"{status}", async context =>
        {
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await SimulatedTwilio.WriteTwilioErrorAsync(context, status, 20500, $"Status {status}");
        });

    /// <summary>404 with Twilio's error body.</summary>
    public static TwilioResponse NotFound() =>
        new("404", static context => SimulatedTwilio.WriteTwilioErrorAsync(context, StatusCodes.Status404NotFound, 20404, "The requested resource was not found"));

    /// <summary>429 with <c>Retry-After: seconds</c>.</summary>
    public static TwilioResponse TooManyRequests(int retryAfterSeconds) =>
        Status(StatusCodes.Status429TooManyRequests, retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>200 with an HTML page instead of audio (as a captive portal or an error page would).</summary>
    public static TwilioResponse Html(string html = "<html><body>Service temporarily unavailable</body></html>") =>
        new("200 text/html", async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html, context.RequestAborted);
        });

    /// <summary>200 announcing all of <paramref name="audio"/> in Content-Length, sending <paramref name="sentBytes"/>, then aborting the connection.</summary>
    public static TwilioResponse Truncated(byte[] audio, int sentBytes, string contentType = "audio/mpeg")
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sentBytes, audio.Length);
        return new($"200 {contentType} truncated at {sentBytes} of {audio.Length} bytes", async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = audio.Length;
            await context.Response.Body.WriteAsync(audio.AsMemory(0, sentBytes), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });
    }

    /// <summary>A redirect (302 by default) to <paramref name="location"/>, e.g. another <see cref="SimulatedTwilio"/>.</summary>
    public static TwilioResponse Redirect(string location, int status = StatusCodes.Status302Found) =>
        new($"{status} to {location}", context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    /// <summary>
    /// 200 that sends <paramref name="holdAfterBytes"/> bytes, then waits for its <see cref="Gate"/> before sending the
    /// rest (a gate is one-shot: queue one gated response per request to hold).
    /// </summary>
    public static TwilioResponse Gated(byte[] audio, int holdAfterBytes, string contentType = "audio/mpeg")
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfNegative(holdAfterBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(holdAfterBytes, audio.Length);
        var gate = new ResponseGate();
        return new($"200 {contentType} held after {holdAfterBytes} of {audio.Length} bytes", async context =>
        {
            try
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = contentType;
                context.Response.ContentLength = audio.Length;
                await context.Response.Body.WriteAsync(audio.AsMemory(0, holdAfterBytes), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                gate.SignalReached();
                if (!await gate.WaitForReleaseAsync(context.RequestAborted))
                {
                    gate.SignalFinished(false);
                    return;
                }

                await context.Response.Body.WriteAsync(audio.AsMemory(holdAfterBytes), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                gate.SignalFinished(true);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                gate.SignalReached();
                gate.SignalFinished(false);
            }
        }, gate);
    }

    public override string ToString() => Description;

    internal Task WriteAsync(HttpContext context) => _write(context);
}
