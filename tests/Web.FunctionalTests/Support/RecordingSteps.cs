using Recordings.Demo.Twilio;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Testing;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>A call of a business with a recording at the fake Twilio, and the requests an agent's player makes.</summary>
public sealed class RecordingScenario(RecordingsApiFactory factory, HttpClient browser, string callSid, string recordingSid)
{
    public const string Customer = "+972501234567";

    public string CallSid { get; } = callSid;

    public string RecordingSid { get; } = recordingSid;

    public HttpClient Browser { get; } = browser;

    public SimulatedRecording AtTwilio => factory.Twilio.Recording(RecordingSid);

    public string FilePath => $"/api/recordings/file/{CallSid}";

    public string StatusPath => $"/api/recordings/{CallSid}";

    public string PreparePath => $"/api/recordings/{CallSid}/prepare";

    public int TwilioRequests => factory.Twilio.RequestCount(RecordingSid);

    /// <summary>The recording's files under a local storage folder (<c>{businessId}/{recordingSid}.mp3</c>).</summary>
    public string[] StoredFiles(string storagePath) =>
        Directory.Exists(storagePath) ? [.. Directory.EnumerateFiles(storagePath, RecordingSid + ".mp3", SearchOption.AllDirectories)] : [];

    /// <summary>Twilio's two callbacks: the call, then its completed recording (which queues the download).</summary>
    public static async Task<RecordingScenario> DeliveredAsync(RecordingsApiFactory factory, HttpClient browser, string businessNumber,
        Action<SimulatedRecording> twilioScript)
    {
        var scenario = await CallAsync(factory, browser, businessNumber);
        twilioScript(scenario.AtTwilio);
        var webhooks = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);
        var fields = TwilioWebhookClient.RecordingStatus(scenario.CallSid, scenario.RecordingSid, origin: factory.Twilio.BaseUrl);
        (await webhooks.RecordingStatusAsync(fields)).EnsureSuccessStatusCode();
        return scenario;
    }

    /// <summary>
    /// A recording Twilio has and nobody has asked for yet (state <c>remote</c>): the call's callback, then the
    /// recording written as a completed callback stores it, minus the queuing, so that the test's own requests are the
    /// first to ask for it.
    /// </summary>
    public static async Task<RecordingScenario> AtTwilioAsync(RecordingsApiFactory factory, HttpClient browser, string businessNumber,
        Action<SimulatedRecording> twilioScript, TimeSpan? completedAgo = null)
    {
        var scenario = await CallAsync(factory, browser, businessNumber);
        twilioScript(scenario.AtTwilio);
        var url = factory.Twilio.RecordingUrl(RecordingsApiFactory.AccountSid, scenario.RecordingSid);
        var seconds = (int)(completedAgo ?? TimeSpan.Zero).TotalSeconds;
        await factory.QueryAsync<int>($"""
            INSERT INTO call_recordings (call_sid, recording_sid, position, transcribed, recording_url, state, duration_seconds,
                channels, completed_at)
            VALUES ('{scenario.CallSid}', '{scenario.RecordingSid}', 0, false, '{url}', 'Remote', 31, 1, now() - interval '{seconds} seconds')
            RETURNING 1
            """);
        return scenario;
    }

    /// <summary>Only the call's callback: its recording callback is lost (reconciliation's business).</summary>
    public static async Task<RecordingScenario> CallAsync(RecordingsApiFactory factory, HttpClient browser, string businessNumber)
    {
        var scenario = new RecordingScenario(factory, browser, "CA" + Guid.NewGuid().ToString("N"), "RE" + Guid.NewGuid().ToString("N"));
        var webhooks = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);
        (await webhooks.CallStatusAsync(TwilioWebhookClient.CallStatus(scenario.CallSid, Customer, businessNumber))).EnsureSuccessStatusCode();
        return scenario;
    }

    /// <summary>
    /// A call whose dual-channel recording (<paramref name="audio"/>, a stereo mp3) Twilio reports completed with
    /// <c>RecordingChannels=2</c>: the pipeline downloads, transcribes and measures it.
    /// </summary>
    public static async Task<RecordingScenario> DualChannelAsync(
        RecordingsApiFactory factory, HttpClient browser, string businessNumber, byte[] audio, int durationSeconds)
    {
        var scenario = await CallAsync(factory, browser, businessNumber);
        factory.Twilio.Recording(scenario.RecordingSid).Serves(audio);
        var fields = TwilioWebhookClient.RecordingStatus(scenario.CallSid, scenario.RecordingSid, origin: factory.Twilio.BaseUrl);
        (fields["RecordingChannels"], fields["RecordingDuration"]) = ("2", durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var webhooks = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);
        (await webhooks.RecordingStatusAsync(fields)).EnsureSuccessStatusCode();
        return scenario;
    }

    public Task<HttpResponseMessage> HeadAsync(string? range = null) => SendAsync(HttpMethod.Head, FilePath, range);

    public Task<HttpResponseMessage> GetFileAsync(string? range = null) => SendAsync(HttpMethod.Get, FilePath, range);

    public Task<HttpResponseMessage> PrepareAsync(int? wait = null) => SendAsync(HttpMethod.Post, PreparePath, wait: wait);

    public async Task<JsonElement> StatusAsync(int? wait = null)
    {
        using var response = await SendAsync(HttpMethod.Get, StatusPath, wait: wait);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Holds a status request until the download ends (Prefer: wait), as a player would; returns the state. Between two
    /// holds it runs the heal sweep once, as the app does every <c>Recordings:HealInterval</c> (off in the tests' apps):
    /// a download queued again in the last instant of the job that stored the file is left without a job until then.
    /// </summary>
    public async Task<string> WaitUntilSettledAsync()
    {
        for (var i = 0; i < 30; i++)
        {
            var state = (await StatusAsync(wait: 10)).GetProperty("state").GetString()!;
            if (state is not ("queued" or "downloading"))
            {
                return state;
            }

            await factory.HealAsync();
        }

        throw new TimeoutException("The recording's download did not settle.");
    }

    /// <summary>Waits until the running download has written its progress (Twilio's answer began); returns the status then.</summary>
    public async Task<JsonElement> WaitForProgressAsync()
    {
        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await StatusAsync();
            return status.GetProperty("totalBytes").ValueKind == JsonValueKind.Number;
        }, "the download to report progress");
        return status;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? range = null, int? wait = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        if (wait is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", $"wait={wait}");
        }

        configure?.Invoke(request);
        return await Browser.SendAsync(request);
    }
}

