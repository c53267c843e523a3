using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Bench.Soak;

/// <summary>What became of a call's recordings at Twilio and on the way to the app.</summary>
public enum Fate
{
    /// <summary>Both callbacks delivered (signed, retried on 5xx or a broken connection as Twilio's would be).</summary>
    Delivered,

    /// <summary>The call-status callback delivered, the recording-status callbacks lost: reconciliation must find them.</summary>
    LostRecordingCallback,

    /// <summary>Every callback lost: reconciliation must fetch the call from Twilio's Calls API and then its recordings.</summary>
    LostAllCallbacks,

    /// <summary>Callbacks delivered, but Twilio answers 404 for the media (it does not exist): the only allowed failure.</summary>
    TwilioNotFound,
}

/// <summary>A time window of a fault, as the soak's script announced it (or the front, for Twilio down).</summary>
public sealed record FaultWindow(string Name, DateTimeOffset Start)
{
    public DateTimeOffset? End { get; set; }
}

/// <summary>
/// Drives the soak: <c>calls</c> calls at <c>rate</c> a second, each as Twilio would report it (signed call-status and
/// recording-status callbacks to the cluster's nginx), its media scripted at the simulated Twilio and listed in its REST
/// API; and players who keep playing the calls delivered so far through nginx, logged in as an agent, noting every
/// status they get (a 5xx with its problem code and when).
/// </summary>
public sealed class Driver(FaultyTwilio twilio, string accountSid, string authToken, string twilioOrigin, byte[] mono, byte[] stereo) : IDisposable
{
    private static readonly HttpClient App = new(new SocketsHttpHandler
    {
        UseCookies = false,
        MaxConnectionsPerServer = 128,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly ConcurrentQueue<string> _manifest = new();
    private readonly List<string> _playable = [];
    private readonly Lock _playableLock = new();
    private readonly ConcurrentDictionary<string, long> _playerStatuses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<string, long> _fates = new(StringComparer.Ordinal);
    private readonly List<FaultWindow> _windows = [];
    private readonly Lock _windowsLock = new();
    private readonly Counter _webhooks = new();
    private readonly Counter _webhookRetries = new();
    private readonly Counter _webhooksLost = new();
    private readonly Counter _recordings = new();
    private readonly Counter _dual = new();
    private readonly Counter _twoRecordings = new();
    private readonly Counter _allowed503 = new();
    private readonly Counter _plays = new();
    private readonly ConcurrentQueue<string> _webhookProblems = new();
    private readonly CancellationTokenSource _stopPlayers = new();
    private Task _players = Task.CompletedTask;
    private int _sent;

    public string Phase { get; private set; } = "idle";

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? DrivenAt { get; private set; }

    public Counter Transcriptions { get; } = new();

    public int Sent => Volatile.Read(ref _sent);

    public FaultWindow Mark(string name, bool start)
    {
        lock (_windowsLock)
        {
            if (start)
            {
                var window = new FaultWindow(name, DateTimeOffset.UtcNow);
                _windows.Add(window);
                return window;
            }

            var open = _windows.LastOrDefault(w => w.Name == name && w.End is null) ?? throw new InvalidOperationException($"No open window {name}.");
            open.End = DateTimeOffset.UtcNow;
            return open;
        }
    }

    /// <summary>Starts driving (returns at once): the calls at a steady rate, and the players alongside.</summary>
    public void Start(string appUrl, string cookie, string to, int calls, double rate, int players, double playsPerSecond, int seed)
    {
        Phase = "driving";
        StartedAt = DateTimeOffset.UtcNow;
        var run = (uint)seed;
        _players = Task.WhenAll(Enumerable.Range(0, players).Select(p => PlayAsync(appUrl, cookie, playsPerSecond / players, _stopPlayers.Token)));
        _ = Task.Run(async () =>
        {
            using var slots = new SemaphoreSlim(256);
            var clock = Stopwatch.StartNew();
            var running = new List<Task>();
            for (var i = 0; i < calls; i++)
            {
                var due = TimeSpan.FromSeconds(i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                await slots.WaitAsync();
                var index = i;
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await CallAsync(appUrl, to, run, index, new Random(seed * 7919 + index));
                    }
                    catch (Exception ex)
                    {
                        _webhookProblems.Enqueue($"call {index}: {ex.GetType().Name}: {ex.Message}");
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }

            await Task.WhenAll(running);
            DrivenAt = DateTimeOffset.UtcNow;
            Phase = "driven";
        });
    }

    public void Dispose() => _stopPlayers.Dispose();

    public async Task StopPlayersAsync()
    {
        await _stopPlayers.CancelAsync();
        await _players;
    }

    private async Task CallAsync(string appUrl, string to, uint run, int index, Random random)
    {
        var callSid = $"CA{run:x8}{index:x24}";
        var draw = random.NextDouble();
        var fate = draw < 0.01 ? Fate.TwilioNotFound : draw < 0.03 ? Fate.LostRecordingCallback : draw < 0.05 ? Fate.LostAllCallbacks : Fate.Delivered;
        var dual = random.NextDouble() < 0.3;
        var count = random.NextDouble() < 0.1 ? 2 : 1;
        var channels = dual ? 2 : 1;
        var from = $"+1555{index % 10_000_000:D7}";
        var now = DateTimeOffset.UtcNow;
        var start = now.AddSeconds(-2);
        _fates.AddOrUpdate(fate.ToString(), 1, (_, n) => n + 1);
        if (dual)
        {
            _dual.Add();
        }

        if (count == 2)
        {
            _twoRecordings.Add();
        }

        var recordingSids = Enumerable.Range(0, count).Select(k => $"RE{run:x8}{(index * 2) + k:x24}").ToList();
        twilio.Inner.KnowCall(new SimulatedCall(callSid, from, to, start, "inbound", "completed", 2));
        foreach (var recordingSid in recordingSids)
        {
            _recordings.Add();
            _manifest.Enqueue($"{callSid}\t{recordingSid}\t{channels}\t{fate}");
            if (fate == Fate.TwilioNotFound)
            {
                // Nothing scripted: the simulated Twilio answers 404, and does not list it.
                continue;
            }

            twilio.Inner.Recording(recordingSid).Serves(dual ? stereo : mono);
            twilio.Inner.ListRecording(new SimulatedListedRecording(recordingSid, callSid, now, Duration: 2, Channels: channels) { StartTime = start });
        }

        if (fate != Fate.LostAllCallbacks)
        {
            await WebhookAsync(appUrl, "/api/webhooks/twilio/call-status", new Dictionary<string, string>
            {
                ["CallSid"] = callSid,
                ["AccountSid"] = accountSid,
                ["From"] = from,
                ["To"] = to,
                ["Direction"] = "inbound",
                ["CallStatus"] = "completed",
                ["CallDuration"] = "2",
                ["ApiVersion"] = "2010-04-01",
                ["Timestamp"] = now.ToString("R", CultureInfo.InvariantCulture),
            });
        }

        if (fate is Fate.Delivered or Fate.TwilioNotFound)
        {
            var delivered = true;
            foreach (var recordingSid in recordingSids)
            {
                delivered &= await WebhookAsync(appUrl, "/api/webhooks/twilio/recording-status", new Dictionary<string, string>
                {
                    ["AccountSid"] = accountSid,
                    ["CallSid"] = callSid,
                    ["RecordingSid"] = recordingSid,
                    ["RecordingUrl"] = $"{twilioOrigin}/2010-04-01/Accounts/{accountSid}/Recordings/{recordingSid}",
                    ["RecordingStatus"] = "completed",
                    ["RecordingDuration"] = "2",
                    ["RecordingChannels"] = channels.ToString(CultureInfo.InvariantCulture),
                    ["RecordingSource"] = "RecordVerb",
                    ["RecordingStartTime"] = start.ToString("R", CultureInfo.InvariantCulture),
                });
            }

            if (delivered && fate == Fate.Delivered)
            {
                lock (_playableLock)
                {
                    _playable.Add(callSid);
                }
            }
        }

        Interlocked.Increment(ref _sent);
    }

    /// <summary>Posts a signed callback; a 5xx or a broken connection is retried (up to 10 attempts, a second apart).</summary>
    private async Task<bool> WebhookAsync(string appUrl, string path, Dictionary<string, string> fields)
    {
        var url = appUrl + path;
        var signature = TwilioRequestValidator.ComputeSignature(authToken, url, fields);
        string problem = "";
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (attempt > 1)
            {
                _webhookRetries.Add();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
                request.Headers.Add("X-Twilio-Signature", signature);
                using var response = await App.SendAsync(request);
                _webhooks.Add();
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                problem = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if ((int)response.StatusCode < 500)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                problem = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        _webhooksLost.Add();
        _webhookProblems.Enqueue($"{path} {fields.GetValueOrDefault("RecordingSid") ?? fields["CallSid"]}: {problem}");
        return false;
    }

    private async Task PlayAsync(string appUrl, string cookie, double perSecond, CancellationToken stop)
    {
        var pause = TimeSpan.FromSeconds(1 / Math.Max(0.1, perSecond));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            string callSid;
            lock (_playableLock)
            {
                if (_playable.Count == 0)
                {
                    continue;
                }

                // Mostly the newest calls (what agents open), sometimes any.
                var newest = Random.Shared.NextDouble() < 0.7;
                var index = newest ? Math.Max(0, _playable.Count - 1 - Random.Shared.Next(Math.Min(50, _playable.Count))) : Random.Shared.Next(_playable.Count);
                callSid = _playable[index];
            }

            await PlayOnceAsync(appUrl, cookie, callSid);
        }
    }

    /// <summary>
    /// One play as the product's player makes it: prepare (200 when the recording is ready here, 202 while it is on its
    /// way; a failed download is queued again), then, when ready, the first range read of the file. Each answer is noted.
    /// </summary>
    private async Task PlayOnceAsync(string appUrl, string cookie, string callSid)
    {
        var prepared = await AnswerAsync(HttpMethod.Post, $"{appUrl}/api/recordings/{callSid}/prepare", cookie, callSid, range: false);
        if (prepared == 200)
        {
            await AnswerAsync(HttpMethod.Get, $"{appUrl}/api/recordings/file/{callSid}", cookie, callSid, range: true);
        }
    }

    /// <summary>Sends one request of a play and notes its answer; returns its status (0: no answer).</summary>
    private async Task<int> AnswerAsync(HttpMethod method, string url, string cookie, string callSid, bool range)
    {
        var at = DateTimeOffset.UtcNow;
        string key;
        var status = 0;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("Cookie", cookie);
            if (range)
            {
                request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 65_535);
            }

            using var response = await App.SendAsync(request);
            status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync();
            _plays.Add();
            key = status.ToString(CultureInfo.InvariantCulture);
            if (status >= 500)
            {
                var code = ProblemCode(body);
                var window = WindowAt(at, DateTimeOffset.UtcNow);
                if (status == 503 && code == "storage_unavailable" && window is not null && window.Split('+').Contains("store-down"))
                {
                    _allowed503.Add();
                    key = "503 storage_unavailable (store down)";
                }
                else
                {
                    key = $"{status} {code ?? "-"} (during: {window ?? "no fault"})";
                    _unexpected.Enqueue($"{at:HH:mm:ss.fff} {method} {callSid} {status} {code ?? "-"} during {window ?? "no fault"}: {Truncate(Encoding.UTF8.GetString(body))}");
                }
            }
            else if (status is not (200 or 206 or 202))
            {
                key = $"{status} {ProblemCode(body) ?? "-"}";
                _unexpected.Enqueue($"{at:HH:mm:ss.fff} {method} {callSid} {status}: {Truncate(Encoding.UTF8.GetString(body))}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            var window = WindowAt(at, DateTimeOffset.UtcNow);
            key = $"no answer ({ex.GetType().Name}, during: {window ?? "no fault"})";
            _unexpected.Enqueue($"{at:HH:mm:ss.fff} {method} {callSid} no answer during {window ?? "no fault"}: {ex.Message}");
        }

        _playerStatuses.AddOrUpdate($"{(method == HttpMethod.Post ? "prepare" : "file")} {key}", 1, (_, n) => n + 1);
        return status;
    }

    /// <summary>The fault window(s) a request from <paramref name="from"/> to <paramref name="to"/> overlapped (2 s of slack after each).</summary>
    private string? WindowAt(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_windowsLock)
        {
            var names = _windows.Where(w => w.Start <= to && (w.End is null || w.End.Value.AddSeconds(2) >= from)).Select(w => w.Name).Distinct().ToList();
            return names.Count == 0 ? null : string.Join('+', names);
        }
    }

    private static string? ProblemCode(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) ? code.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";

    public string ManifestTsv() => string.Concat(_manifest.Select(line => line + "\n"));

    public object Stats()
    {
        lock (_windowsLock)
        {
            return new
            {
                phase = Phase,
                startedAt = StartedAt,
                drivenAt = DrivenAt,
                calls = Sent,
                recordings = _recordings.Value,
                dualChannelCalls = _dual.Value,
                callsWithTwoRecordings = _twoRecordings.Value,
                fates = _fates.ToDictionary(),
                webhooks = new
                {
                    posted = _webhooks.Value,
                    retried = _webhookRetries.Value,
                    givenUp = _webhooksLost.Value,
                    problems = _webhookProblems.Take(20).ToList(),
                },
                players = new
                {
                    plays = _plays.Value,
                    byStatus = _playerStatuses.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
                    allowed503 = _allowed503.Value,
                    unexpected = _unexpected.Count,
                    unexpectedSamples = _unexpected.Take(30).ToList(),
                },
                transcriptionRequests = Transcriptions.Value,
                twilio = twilio.Stats(),
                windows = _windows.Select(w => new { w.Name, start = w.Start, end = w.End, seconds = w.End is { } e ? Math.Round((e - w.Start).TotalSeconds, 1) : (double?)null }).ToList(),
            };
        }
    }
}
