using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests.Redaction;

/// <summary>
/// The app with a scripted speech engine (what it "hears" is fixed: a customer reading a card number out at known times)
/// so that the pipeline's redaction is seen end to end through the API: the engine is not what these tests are about
/// (the golden set tests the engines and the detectors on real speech).
/// </summary>
public sealed class RedactionApiFactory : RecordingsApiFactory
{
    /// <summary>The master key the app is configured with (32 bytes, base64): originals can be kept.</summary>
    public static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public ScriptedEngine Engine { get; } = new();

    /// <summary>The app's real audio redactor, which a test can make fail (an ffmpeg that crashes, a full disk).</summary>
    public BreakableRedactor Redactor { get; } = new();

    protected override string TranscriptionProvider => "pocketsphinx";

    protected override string QuartzInstanceId => "redaction-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("Redaction:MasterKey", MasterKey);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ITranscriber>(Engine);
            services.AddSingleton<IAudioRedactor>(sp =>
            {
                Redactor.Inner = ActivatorUtilities.CreateInstance<Recordings.Infrastructure.Redaction.FfmpegAudioRedactor>(sp);
                return Redactor;
            });
        });
    }
}

/// <summary>
/// Hears the same words in every recording: "my card number is 4111 1111 1111 1111 thanks", each word 0.5 s from 1 s,
/// the card's sixteen digit words from 3.0 s to 11.0 s. Holds each transcription until <see cref="Release"/> when gated.
/// </summary>
public sealed class ScriptedEngine : ITranscriber
{
    private TaskCompletionSource _gate = Open();

    public const double CardStart = 3.0;
    public const double CardEnd = 11.0;

    public string Provider => "scripted";

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await _gate.Task.WaitAsync(cancellationToken);
        var words = new List<TranscriptWord>();
        var spoken = new[] { "my", "card", "number", "is" }
            .Concat(Enumerable.Repeat("one", 15).Prepend("four"))
            .Append("thanks")
            .ToList();
        for (var i = 0; i < spoken.Count; i++)
        {
            words.Add(new TranscriptWord(1.0 + (i * 0.5), 1.0 + (i * 0.5) + 0.45, spoken[i]));
        }

        var text = string.Join(' ', spoken);
        return new Transcript("en", text, [new TranscriptSegment(1.0, words[^1].EndSeconds, null, text, Words: words)]);
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}

/// <summary>The real redactor, or a failure while <see cref="Broken"/>.</summary>
public sealed class BreakableRedactor : IAudioRedactor
{
    public IAudioRedactor Inner { get; set; } = null!;

    private volatile bool _broken;

    public bool Broken
    {
        get => _broken;
        set => _broken = value;
    }

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public Task<RedactedAudio> RedactAsync(
        Stream recording, long length, IReadOnlyList<AudioWindow> windows, Domain.Redaction.RedactionAudio audio, Stream output, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return Broken
            ? throw new InvalidOperationException("ffmpeg failed to redact the recording (exit code 1).")
            : Inner.RedactAsync(recording, length, windows, audio, output, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class RedactionCollection : ICollectionFixture<RedactionApiFactory>
{
    public const string Name = "redaction";
}

[Collection(RedactionCollection.Name)]
public sealed class RedactionTests(RedactionApiFactory factory) : IAsyncLifetime
{
    private const string BusinessNumber = "+15551230001";

    public Task InitializeAsync()
    {
        factory.Engine.Release();
        return factory.ResetAsync();
    }

    public Task DisposeAsync()
    {
        factory.Redactor.Broken = false;
        factory.Engine.Release();
        return Task.CompletedTask;
    }

    private async Task<(ManagedBusiness Business, HttpClient Agent)> BusinessThatRedactsAsync(string original = "delete", string audio = "silence")
    {
        var business = await Manage.BusinessWithAdminAsync(factory, "Redacting", BusinessNumber);
        using var set = await business.Admin.PutAsJsonAsync("/api/manage/settings", new
        {
            agentsSee = "business",
            redaction = new { enabled = true, entities = new[] { "card", "cvv", "israeliId" }, audio, original },
        });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        await Manage.CreateAccountAsync(business.Admin, "agent@redacting.example");
        return (business, await Manage.LogInAsync(factory, "agent@redacting.example"));
    }

    /// <summary>A tone from start to end (the card's stretch has something to silence, and the rest stays loud).</summary>
    private static Task<byte[]> ToneMp3Async(double seconds) => BurstAudio.Mp3Async(seconds, (0, seconds));

    /// <summary>The loudest sample between two times of an mp3, in dBFS (-inf for digital silence: -200 here).</summary>
    private static async Task<double> MaxVolumeAsync(byte[] mp3, double from, double to)
    {
        var path = Path.Combine(Path.GetTempPath(), $"measure-{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(path, mp3);
        try
        {
            var result = await Cli.Wrap("ffmpeg").WithArguments([
                "-hide_banner", "-nostats", "-i", path, "-af",
                string.Create(CultureInfo.InvariantCulture, $"atrim={from}:{to},volumedetect"), "-f", "null", "-",
            ]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            result.ExitCode.ShouldBe(0, result.StandardError);
            var line = result.StandardError.Split('\n').Single(l => l.Contains("max_volume:", StringComparison.Ordinal));
            var value = line[(line.IndexOf("max_volume:", StringComparison.Ordinal) + 11)..].Replace("dB", string.Empty, StringComparison.Ordinal).Trim();
            return value == "-inf" ? -200 : double.Parse(value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<JsonElement> CallAsync(HttpClient browser, string callSid) =>
        await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");

    [Fact]
    public async Task ACardNumberReadOutIsNeverServedNorKeptAndTheRecordingWaitsForItsRedactedCopy()
    {
        var (business, agent) = await BusinessThatRedactsAsync();
        var original = await ToneMp3Async(16);
        factory.Engine.Hold();
        var heardBefore = factory.Engine.Calls;
        var play = await RecordingScenario.DeliveredAsync(factory, agent, BusinessNumber, twilio => twilio.Serves(original));

        // Stored, but not redacted: answered like a download in progress, never the file.
        await Eventually.TrueAsync(() => factory.Engine.Calls > heardBefore, "the transcription to start");
        using (var pending = await play.GetFileAsync())
        {
            pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            pending.Headers.RetryAfter.ShouldNotBeNull();
            var status = await pending.Content.ReadFromJsonAsync<JsonElement>();
            status.GetProperty("state").GetString().ShouldBe("downloading");
            status.GetProperty("redaction").GetProperty("state").GetString().ShouldBe("pending");
        }

        using (var peaks = await agent.GetAsync($"/api/recordings/{play.CallSid}/peaks"))
        {
            peaks.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        factory.Engine.Release();
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");

        using var file = await play.GetFileAsync();
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        var served = await file.Content.ReadAsByteArrayAsync();
        SHA256.HashData(served).ShouldNotBe(SHA256.HashData(original));
        (await MaxVolumeAsync(served, ScriptedEngine.CardStart - 0.2, ScriptedEngine.CardEnd + 0.2)).ShouldBeLessThanOrEqualTo(-60, "the card is silenced on every channel");
        (await MaxVolumeAsync(served, 12.5, 15.5)).ShouldBeGreaterThan(-30, "the rest is heard (the tone is at about -21 dBFS)");

        var call = await CallAsync(agent, play.CallSid);
        var transcript = call.GetProperty("transcript");
        transcript.GetProperty("text").GetString().ShouldBe("my card number is [card] thanks");
        transcript.GetProperty("segments")[0].GetProperty("text").GetString().ShouldBe("my card number is [card] thanks");
        transcript.GetProperty("segments")[0].TryGetProperty("words", out var words).ShouldBeTrue();
        words.ValueKind.ShouldBe(JsonValueKind.Null, "word times stay on the server");
        var redaction = call.GetProperty("redactions").EnumerateArray().ShouldHaveSingleItem();
        redaction.GetProperty("entity").GetString().ShouldBe("card");
        redaction.GetProperty("recordingSid").GetString().ShouldBe(play.RecordingSid);
        redaction.GetProperty("startSeconds").GetDouble().ShouldBe(ScriptedEngine.CardStart, 0.01);
        redaction.GetProperty("endSeconds").GetDouble().ShouldBe(ScriptedEngine.CardEnd - 0.05, 0.01);
        var recording = call.GetProperty("recordings")[0];
        recording.GetProperty("redaction").GetProperty("state").GetString().ShouldBe("done");
        recording.GetProperty("redaction").GetProperty("items").GetInt32().ShouldBe(1);
        recording.GetProperty("redaction").GetProperty("original").GetString().ShouldBe("deleted");

        // Nothing kept anywhere knows the digits: the database row, the search index, the log.
        (await factory.QueryAsync<long>($"SELECT count(*) FROM calls WHERE call_sid = '{play.CallSid}' AND (transcript_text LIKE '%one one%' OR transcript_segments::text LIKE '%one one%' OR search_document::text LIKE '%one%')"))
            .ShouldBe(0);
        (await agent.GetFromJsonAsync<JsonElement>("/api/calls?q=one")).GetProperty("items").GetArrayLength().ShouldBe(0);
        factory.Logs.All().Select(e => e.RenderMessage(CultureInfo.InvariantCulture)).ShouldNotContain(m => m.Contains("one one one", StringComparison.Ordinal));

        // No unredacted copy is left: not ours, not Twilio's.
        await Eventually.TrueAsync(() => factory.Twilio.WasDeleted(play.RecordingSid), "Twilio's unredacted copy to be deleted");
        using var original1 = await business.Admin.GetAsync($"/api/recordings/file/{play.CallSid}?original=1");
        original1.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AKeptOriginalPlaysForAnAdminOnlyDecryptedAndAudited()
    {
        var (business, agent) = await BusinessThatRedactsAsync(original: "keep", audio: "beep");
        var original = await ToneMp3Async(14);
        var play = await RecordingScenario.DeliveredAsync(factory, agent, BusinessNumber, twilio => twilio.Serves(original));
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        var call = await CallAsync(agent, play.CallSid);
        call.GetProperty("recordings")[0].GetProperty("redaction").GetProperty("original").GetString().ShouldBe("kept");

        using (var refused = await agent.GetAsync($"/api/recordings/file/{play.CallSid}?original=1"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var full = await business.Admin.GetAsync($"/api/recordings/file/{play.CallSid}?original=1");
        full.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await full.Content.ReadAsByteArrayAsync()).ShouldBe(original, "the original, byte for byte");
        // Spoken card numbers: not kept in the browser's cache, and played, never saved as a download.
        full.Headers.CacheControl!.NoStore.ShouldBeTrue();
        full.Headers.CacheControl.Private.ShouldBeFalse();
        using (var asDownload = await business.Admin.GetAsync($"/api/recordings/file/{play.CallSid}?original=1&download=1"))
        {
            asDownload.StatusCode.ShouldBe(HttpStatusCode.OK);
            asDownload.Content.Headers.ContentDisposition.ShouldBeNull();
            asDownload.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/file/{play.CallSid}?original=1");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1000, 1999);
        using var range = await business.Admin.SendAsync(request);
        range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await range.Content.ReadAsByteArrayAsync()).ShouldBe(original[1000..2000]);
        range.Headers.CacheControl!.NoStore.ShouldBeTrue();

        // The beep covers the card on the redacted copy: loud, but not the original's tone.
        using var redacted = await play.GetFileAsync();
        var served = await redacted.Content.ReadAsByteArrayAsync();
        SHA256.HashData(served).ShouldNotBe(SHA256.HashData(original));

        // What is stored is ciphertext, and the row keeps only the wrapped key.
        var wrapped = await factory.QueryAsync<string>($"SELECT original_wrapped_key FROM call_recordings WHERE recording_sid = '{play.RecordingSid}'");
        wrapped.ShouldStartWith("v1.");
        wrapped.ShouldNotContain(RedactionApiFactory.MasterKey);
        factory.Logs.All().Select(e => e.RenderMessage(CultureInfo.InvariantCulture)).ShouldNotContain(m => m.Contains(RedactionApiFactory.MasterKey, StringComparison.Ordinal));

        await Eventually.TrueAsync(async () =>
            (await factory.QueryAsync<long>($"SELECT count(*) FROM audit_entries WHERE action = 'PlayOriginal' AND call_sid = '{play.CallSid}'")) >= 1,
            "the original's play to be audited");
    }

    [Fact]
    public async Task ARedactionThatKeepsFailingIsRetriedThenFailsTheRecordingWhichIsNeverServedUnredacted()
    {
        var (_, agent) = await BusinessThatRedactsAsync();
        factory.Redactor.Broken = true;
        var attemptsBefore = factory.Redactor.Attempts;
        var audio = await ToneMp3Async(13);
        var play = await RecordingScenario.DeliveredAsync(factory, agent, BusinessNumber, twilio => twilio.Serves(audio));

        // Quartz:DownloadMaxAttempts is 2 in the tests: one retry, then the job gives up.
        (await play.WaitUntilSettledAsync()).ShouldBe("failed");

        (factory.Redactor.Attempts - attemptsBefore).ShouldBe(2);
        var status = await play.StatusAsync();
        status.GetProperty("error").GetString().ShouldBe(Application.Recordings.Commands.RedactRecording.GiveUpRedactionCommandHandler.Error);
        using (var file = await play.GetFileAsync())
        {
            await file.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "recording_download_failed");
        }

        // Prepare downloads it again, and this time it is redacted.
        factory.Redactor.Broken = false;
        using (var prepare = await play.PrepareAsync())
        {
            prepare.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await Eventually.TrueAsync(async () => (await play.StatusAsync(wait: 10)).GetProperty("state").GetString() == "ready", "the redacted copy");
        (await CallAsync(agent, play.CallSid)).GetProperty("recordings")[0].GetProperty("redaction").GetProperty("state").GetString().ShouldBe("done");
    }

    [Fact]
    public async Task SettingsTakeRedactionAndRefuseWhatCannotWork()
    {
        var business = await Manage.BusinessWithAdminAsync(factory, "Settings", BusinessNumber);
        var before = await business.Admin.GetFromJsonAsync<JsonElement>("/api/manage/settings");
        before.GetProperty("redaction").GetProperty("enabled").GetBoolean().ShouldBeFalse();
        before.GetProperty("redaction").GetProperty("entities").GetArrayLength().ShouldBe(6);

        using (var set = await business.Admin.PutAsJsonAsync("/api/manage/settings",
            new { redaction = new { enabled = true, entities = new[] { "israeliId", "card" }, audio = "beep", original = "keep" } }))
        {
            set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
            var body = await set.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("agentsSee").GetString().ShouldBe("business", "absent: unchanged");
            body.GetProperty("redaction").GetProperty("entities").EnumerateArray().Select(e => e.GetString()).ShouldBe(["card", "israeliId"]);
        }

        using (var agentsOnly = await business.Admin.PutAsJsonAsync("/api/manage/settings", new { agentsSee = "team" }))
        {
            agentsOnly.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await agentsOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redaction").GetProperty("enabled").GetBoolean()
                .ShouldBeTrue("an absent redaction stays as it was");
        }

        foreach (var bad in new object[]
        {
            new { redaction = new { entities = new[] { "card", "pin" } } },
            new { redaction = new { audio = "music" } },
            new { redaction = new { original = "archive" } },
            new { redaction = new { enabled = true, entities = Array.Empty<string>() } },
        })
        {
            using var refused = await business.Admin.PutAsJsonAsync("/api/manage/settings", bad);
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var audit = await factory.QueryAsync<string>(
            $"SELECT detail FROM audit_entries WHERE action = 'SettingsChanged' AND business_id = '{business.Business.Id}' ORDER BY id LIMIT 1");
        audit.ShouldContain("redaction");
    }
}
