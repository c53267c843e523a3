using Recordings.Demo.Twilio;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The app in demo mode, composed as the demo host composes it (the product plus <c>AddDemoMode</c>): its own simulated
/// Twilio on loopback, audio made with espeak-ng and ffmpeg.
/// </summary>
public sealed class DemoApiFactory : RecordingsApiFactory
{
    public string TwilioUrl { get; } = $"http://127.0.0.1:{LoopbackPort.Free()}";

    protected override string QuartzInstanceId => "demo-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:TwilioUrl", TwilioUrl);
        // Inside the storage folder, so it goes with it.
        builder.UseSetting("Demo:AudioPath", Path.Combine(StoragePath, "demo-audio"));
        builder.UseSetting("Demo:SlowBytesPerSecond", "200000");
        builder.UseSetting("Twilio:MaxDownloadAttempts", "2");
        // What the demo host (src/Demo) adds to the product.
        builder.ConfigureServices((context, services) => services.AddDemoMode(context.Configuration, context.HostingEnvironment));
    }

    public DemoSeeder Seeder => Services.GetRequiredService<DemoSeeder>();
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoApiFactory>
{
    public const string Name = "demo";
}

[Collection(DemoCollection.Name)]
public sealed class DemoModeTests(DemoApiFactory factory)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static string Sid(int number) => DemoCatalog.Calls.Single(c => c.Number == number).CallSid;

    private async Task<HttpClient> SignedInAsync()
    {
        await factory.Seeder.Staged.WaitAsync(Bound);
        var browser = factory.CreateBrowser();
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = "demo@recordings.test", password = "demo-password" });
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        return browser;
    }

    [Fact]
    public async Task TheDemoAgentSeesEveryDemoCallStagedAsTheDemoShowsThem()
    {
        using var browser = await SignedInAsync();

        var list = await browser.GetFromJsonAsync<JsonElement>("/api/calls?pageSize=50");

        list.GetProperty("total").GetInt32().ShouldBe(DemoCatalog.Calls.Count);
        var states = list.GetProperty("items").EnumerateArray().ToDictionary(
            c => c.GetProperty("callSid").GetString()!, c => c.GetProperty("recording").GetProperty("state").GetString());
        foreach (var call in DemoCatalog.Calls)
        {
            var expected = call.Kind switch
            {
                DemoRecordingKind.AtTwilio or DemoRecordingKind.SlowAtTwilio => "remote",
                DemoRecordingKind.NoRecording => "missing",
                DemoRecordingKind.FailingDownload => "failed",
                DemoRecordingKind.Expired => "expired",
                _ => "ready",
            };
            // The other test of this class may have played some of them already: it only ever makes them ready.
            states[call.CallSid].ShouldBeOneOf([expected, "ready", "queued", "downloading"], $"call {call.Number}");
        }

        states[Sid(10)].ShouldBe("missing");
        states[DemoCatalog.Calls.Single(c => c.Kind == DemoRecordingKind.Expired).CallSid].ShouldBe("expired", "the demo shows an expired recording");
    }

    [Fact]
    public async Task TheDemoHasAnAdminTwoTeamsASupervisorAndCallsAttributedByTheirLegs()
    {
        using var admin = await SignedInAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/auth/me");
        me.GetProperty("role").GetString().ShouldBe("admin");

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/calls?limit=50");
        var agents = list.GetProperty("items").EnumerateArray().ToDictionary(
            c => c.GetProperty("callSid").GetString()!,
            c => c.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("displayName").GetString()).ToArray());
        foreach (var call in DemoCatalog.Calls.Where(c => c.HasRecording))
        {
            var taker = DemoOrganisation.TakerOf(call);
            agents[call.CallSid].ShouldBe(taker is null ? [] : [taker.Name], $"call {call.Number}");
        }

        // Sam supervises North (Dana and Noa): under "own" Sam sees North's calls and not Omer's (South).
        using var sam = factory.CreateBrowser();
        (await sam.PostAsJsonAsync("/api/auth/login", new { email = "sam@recordings.test", password = "demo-password" })).EnsureSuccessStatusCode();
        (await sam.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("role").GetString().ShouldBe("supervisor");
        var omers = DemoCatalog.Calls.First(c => DemoOrganisation.TakerOf(c)?.Key == "omer" && c.HasRecording && !c.ArrivesOnlyThroughReconciliation);
        (await sam.GetAsync($"/api/calls/{omers.CallSid}")).StatusCode.ShouldBe(HttpStatusCode.OK, "under business (the default) Sam sees every call");
    }

    [Fact]
    public async Task ATransferredCallHasTwoRecordingsInStartOrderBothStored()
    {
        using var browser = await SignedInAsync();
        var transferred = DemoCatalog.Calls.Single(c => c.Transfer is not null);

        List<JsonElement> parts = [];
        await Eventually.TrueAsync(async () =>
        {
            var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{transferred.CallSid}");
            parts = [.. call.GetProperty("recordings").EnumerateArray()];
            return parts.Count == 2 && parts.All(p => p.GetProperty("state").GetString() == "ready");
        }, "both recordings of the transferred call to be stored");

        parts.Select(p => p.GetProperty("recordingSid").GetString()).ShouldBe(transferred.Parts.Select(p => p.RecordingSid));
        parts[1].GetProperty("startedAt").GetDateTimeOffset().ShouldBeGreaterThan(parts[0].GetProperty("startedAt").GetDateTimeOffset());
        foreach (var part in transferred.Parts)
        {
            using var file = await browser.GetAsync($"/api/recordings/file/{transferred.CallSid}?recordingSid={part.RecordingSid}");
            file.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(await File.ReadAllBytesAsync(factory.Services.GetRequiredService<DemoAudioLibrary>().PathFor(part)));
        }
    }

    /// <summary>
    /// The dual-channel calls (14, 15) go through the real pipeline at start-up like the other ready calls: asked of
    /// Twilio in both channels and measured per speaker, with the script's pause as a silence to skip. (This host
    /// transcribes nothing, to stay fast: PipelineTests hears the same audio with pocketsphinx, per speaker.)
    /// </summary>
    [Fact]
    public async Task DualChannelCallsAreDownloadedInBothChannelsAndMeasuredPerSpeakerWithASilenceToSkip()
    {
        using var browser = await SignedInAsync();
        // (16, dual-channel too, is the redacted call, spoken word by word: see the test of its scripted transcript.)
        var dualChannel = DemoCatalog.Calls.Where(c => c.Channels == 2 && !c.ArrivesOnceRedactionIsOn).ToList();
        dualChannel.Select(c => c.Number).ShouldBe([14, 15]);
        dualChannel.ShouldAllBe(c => c.Kind == DemoRecordingKind.Ready);

        foreach (var call in dualChannel)
        {
            JsonElement detail = default;
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    detail = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{call.CallSid}");
                    return detail.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object;
                }, $"call {call.Number} to be measured", Bound);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} Last seen: {detail}", ex);
            }

            var recording = detail.GetProperty("recording");
            recording.GetProperty("state").GetString().ShouldBe("ready", $"call {call.Number}");
            recording.GetProperty("channels").GetInt32().ShouldBe(2, $"call {call.Number}: the callback said RecordingChannels=2");
            recording.GetProperty("durationSeconds").GetInt32().ShouldBeInRange(20, 40, $"call {call.Number}: RecordingDuration from the 64 kbit/s file");
            factory.Services.GetRequiredService<DemoTwilio>().QueriesFor(call.RecordingSid)
                .ShouldAllBe(q => q == "?RequestedChannels=2", $"call {call.Number} is asked of Twilio in both channels");

            var talk = detail.GetProperty("metrics").GetProperty("talkSeconds");
            talk.GetProperty("customer").GetDouble().ShouldBeGreaterThan(3, $"call {call.Number}: the customer has three turns");
            talk.GetProperty("agent").GetDouble().ShouldBeGreaterThan(3, $"call {call.Number}: the agent has three turns");
            talk.TryGetProperty("all", out _).ShouldBeFalse($"call {call.Number} is measured per speaker");
            detail.GetProperty("metrics").GetProperty("overtalkSeconds").GetDouble().ShouldBe(0, $"call {call.Number}: the turns alternate");
            // The script's 4 s pause where nobody speaks (plus the quiet ends of the lines around it, minus the 300 ms
            // the detector holds speech for) is the one silence to skip; the other pauses are too short to be one.
            var silences = detail.GetProperty("silences").EnumerateArray()
                .Select(s => s.GetProperty("endSeconds").GetDouble() - s.GetProperty("startSeconds").GetDouble())
                .ToList();
            silences.ShouldHaveSingleItem($"call {call.Number}: silences of {string.Join(", ", silences)} s").ShouldBeInRange(3, 6);
        }
    }

    /// <summary>
    /// The redacted Hebrew call (16) is spoken word by word, and the demo's transcriber returns its script for its MP3
    /// (no offline engine transcribes Hebrew): each channel's words with their times, in <c>he</c>; any other audio
    /// goes to the configured engine. (This host transcribes nothing, so the demo business does not redact here; the
    /// e2e suite, on pocketsphinx, sees the call redacted: client/e2e/redaction.spec.ts.)
    /// </summary>
    [Fact]
    public async Task TheRedactedCallsTranscriptIsItsScriptForItsAudioAndTheEngineHearsAnythingElse()
    {
        await factory.Seeder.Staged.WaitAsync(Bound);
        factory.Services.GetRequiredService<ITranscriber>().ShouldBeOfType<DemoScriptedTranscriber>();
        var library = factory.Services.GetRequiredService<DemoAudioLibrary>();
        var call = DemoCatalog.Calls.Single(c => c.ArrivesOnceRedactionIsOn);
        call.ScriptedLanguage.ShouldBe("he");
        call.Channels.ShouldBe(2);
        var engine = new CountingEngine();
        var transcriber = new DemoScriptedTranscriber(engine, library, Microsoft.Extensions.Logging.Abstractions.NullLogger<DemoScriptedTranscriber>.Instance);
        var bytes = await File.ReadAllBytesAsync(library.PathFor(call));

        var customer = await transcriber.TranscribeAsync(new MemoryStream(bytes), bytes.Length, (int)DemoSpeaker.Customer, CancellationToken.None);
        var agent = await transcriber.TranscribeAsync(new MemoryStream(bytes), bytes.Length, (int)DemoSpeaker.Agent, CancellationToken.None);

        engine.Calls.ShouldBe(0);
        customer.Language.ShouldBe("he");
        customer.Text.ShouldContain("ארבע חמש שמונה אפס, אחת שתיים שלוש ארבע");
        customer.Text.ShouldNotContain("איך אפשר לעזור", customMessage: "the agent's words are on the other channel");
        agent.Text.ShouldContain("ומה שלוש הספרות בגב הכרטיס?");
        customer.Segments.Count.ShouldBe(call.Turns.Count(t => t.Speaker == DemoSpeaker.Customer));
        var words = customer.Segments.Concat(agent.Segments).SelectMany(s => s.Words!).OrderBy(w => w.StartSeconds).ToList();
        words.Count.ShouldBe(call.Turns.Sum(t => t.Line!.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        words.ShouldAllBe(w => w.EndSeconds > w.StartSeconds);
        words.Zip(words.Skip(1)).ShouldAllBe(p => p.First.EndSeconds <= p.Second.StartSeconds, "the words follow one another");
        words[^1].EndSeconds.ShouldBeLessThan(bytes.Length * 8 / (double)DemoAudioLibrary.BitsPerSecond(call), "within the audio");

        var other = await File.ReadAllBytesAsync(library.PathFor(DemoCatalog.Calls.Single(c => c.Number == 15)));
        await transcriber.TranscribeAsync(new MemoryStream(other), other.Length, 1, CancellationToken.None);
        engine.Calls.ShouldBe(1);
    }

    private sealed class CountingEngine : ITranscriber
    {
        public int Calls { get; private set; }

        public string Provider => "counting";

        public Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new Transcript("en", "heard", []));
        }
    }

    [Fact]
    public async Task ACallWhoseCallbacksWereLostArrivesThroughReconciliationInTheDemoBusiness()
    {
        using var browser = await SignedInAsync();
        var reconciled = DemoCatalog.Calls.Single(c => c.ArrivesOnlyThroughReconciliation);

        using var call = await browser.GetAsync($"/api/calls/{reconciled.CallSid}");

        call.StatusCode.ShouldBe(HttpStatusCode.OK, "reconciliation found it at Twilio and put it in the demo business");
        using var admin = factory.CreateAdmin();
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/admin/reconciliation");
        report.GetProperty("listed").GetInt32().ShouldBe(1, "the simulated Twilio lists only the call whose callbacks it never sent");
        report.GetProperty("backfilled").GetInt32().ShouldBe(1);
        report.GetProperty("errors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ARecordingAtTwilioIsPreparedThenServedAsTheSimulatedTwilioHasIt()
    {
        using var browser = await SignedInAsync();
        var call = DemoCatalog.Calls.Single(c => c.Number == 7);

        var first = await browser.GetAsync($"/api/recordings/file/{call.CallSid}");
        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        first.Headers.RetryAfter.ShouldNotBeNull();

        HttpResponseMessage? served = null;
        await Eventually.TrueAsync(async () =>
        {
            served = await browser.GetAsync($"/api/recordings/file/{call.CallSid}");
            return served.StatusCode == HttpStatusCode.OK;
        }, "the demo recording to be downloaded", Bound);

        served!.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        var expected = await File.ReadAllBytesAsync(factory.Services.GetRequiredService<DemoAudioLibrary>().PathFor(call));
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(expected);
        // Once when the demo delivered it, once for this play: the polls in between did not download it again.
        factory.Services.GetRequiredService<DemoTwilio>().RequestsFor(call.RecordingSid).ShouldBe(2);
    }

    [Fact]
    public async Task TheFailingDownloadIsA502UntilTryAgainAfterTheSimulatedTwilioRecovered()
    {
        using var browser = await SignedInAsync();
        var callSid = Sid(11);

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/api/recordings/file/{callSid}");
        (await browser.SendAsync(head)).StatusCode.ShouldBe(HttpStatusCode.BadGateway);

        var prepare = await browser.PostAsync($"/api/recordings/{callSid}/prepare", null);
        prepare.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.TrueAsync(async () =>
            (await browser.GetAsync($"/api/recordings/file/{callSid}")).StatusCode == HttpStatusCode.OK,
            "the failed recording to download after Try again", Bound);
        // Every attempt of the first download (Twilio:MaxDownloadAttempts = 2) failed; the one after Try again was served.
        factory.Services.GetRequiredService<DemoTwilio>().RequestsFor(callSid.Replace("CA", "RE", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task TheSimulatedTwilioAsksForTheAccountsBasicAuthLikeTwilio()
    {
        await factory.Seeder.Staged.WaitAsync(Bound);
        var call = DemoCatalog.Calls.Single(c => c.Number == 1);
        var url = $"{factory.TwilioUrl}/2010-04-01/Accounts/{RecordingsApiFactory.AccountSid}/Recordings/{call.RecordingSid}.mp3";
        using var http = new HttpClient();

        (await http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, url);
        wrong.Headers.Authorization = Basic(RecordingsApiFactory.AccountSid, "not-the-token");
        (await http.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var right = new HttpRequestMessage(HttpMethod.Get, url);
        right.Headers.Authorization = Basic(RecordingsApiFactory.AccountSid, RecordingsApiFactory.AuthToken);
        var answer = await http.SendAsync(right);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");

        using var unknown = new HttpRequestMessage(HttpMethod.Get, url.Replace(call.RecordingSid, "RE" + new string('0', 32), StringComparison.Ordinal));
        unknown.Headers.Authorization = Basic(RecordingsApiFactory.AccountSid, RecordingsApiFactory.AuthToken);
        (await http.SendAsync(unknown)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

/// <summary>Where demo mode refuses to run.</summary>
public sealed class DemoModeGuardTests
{
    [Fact]
    public void DemoModeIsNeverOnInProduction()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["Demo:Enabled"] = "true";

        Should.Throw<DemoSetupException>(() => builder.Services.AddDemoMode(builder.Configuration, builder.Environment)).Message
            .ShouldContain("never on in Production");
    }

    [Theory]
    [InlineData("http://10.1.2.3:5081")]
    [InlineData("http://0.0.0.0:5081")]
    [InlineData("http://example.com:5081")]
    [InlineData("http://127.0.0.1:5081/twilio")]
    [InlineData("ftp://127.0.0.1:5081")]
    [InlineData("https://127.0.0.1:5081")]
    public void TheSimulatedTwilioListensOnLoopbackOnly(string url)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["Demo:Enabled"] = "true";
        builder.Configuration["Demo:TwilioUrl"] = url;

        Should.Throw<DemoSetupException>(() => builder.Services.AddDemoMode(builder.Configuration, builder.Environment));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5081", "http://127.0.0.1:5081")]
    [InlineData("http://[::1]:6000/", "http://[::1]:6000")]
    public void ALoopbackUrlGivesTheOriginOfTheRecordingUrls(string url, string origin) =>
        DemoTwilio.OriginOf(url).ShouldBe(origin);

    [Fact]
    public void DemoSidsAreValidAndDistinct()
    {
        DemoCatalog.Calls.Count.ShouldBe(16);
        DemoCatalog.Calls.Select(c => c.CallSid).ShouldAllBe(s => Domain.Common.Sid.IsCallSid(s));
        var recordings = DemoCatalog.Calls.SelectMany(c => c.Parts).Select(p => p.RecordingSid).ToList();
        recordings.ShouldAllBe(s => Domain.Common.Sid.IsRecordingSid(s));
        recordings.Distinct().Count().ShouldBe(recordings.Count, "every part of every call has a recording SID of its own");
        DemoCatalog.Calls.Select(c => c.CallSid).Distinct().Count().ShouldBe(16);
        DemoCatalog.Calls.Select(c => c.Number).ShouldBe(Enumerable.Range(1, 16), "new demo calls are numbered after the others");
    }
}
