using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Demo;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>The real app with the real offline engines: pocketsphinx through ffmpeg, and the extractive summarizer.</summary>
public sealed class PipelineApiFactory : RecordingsApiFactory
{
    protected override string TranscriptionProvider => "pocketsphinx";

    protected override string SummarizationProvider => "extractive";

    protected override string QuartzInstanceId => "pipeline-tests";
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineApiFactory>
{
    public const string Name = "pipeline";
}

/// <summary>Signed webhooks -> download -> transcript -> summary, with no other action, seen through the API.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineTests(PipelineApiFactory factory) : IAsyncLifetime
{
    private const string BusinessNumber = "+15551230001";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public Task InitializeAsync() => factory.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonElement> WhenSettledAsync(HttpClient browser, string callSid, string part)
    {
        JsonElement call = default;
        await Eventually.TrueAsync(async () =>
        {
            call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
            return call.GetProperty(part).GetProperty("state").GetString() is "done" or "failed" or "disabled";
        }, $"the {part} of {callSid}", Bound);
        return call;
    }

    [Fact]
    public async Task AWebhookForSpeechEndsInATimedTranscriptAndASummaryFindableByAWordSaid()
    {
        var audio = await SpeechAudio.GoForwardMp3Async();
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(factory, browser, BusinessNumber, twilio => twilio.Serves(audio));

        var call = await WhenSettledAsync(browser, play.CallSid, "summary");

        var transcript = call.GetProperty("transcript");
        transcript.GetProperty("state").GetString().ShouldBe("done");
        transcript.GetProperty("language").GetString().ShouldBe("en");
        var text = transcript.GetProperty("text").GetString()!.ToLowerInvariant();
        text.ShouldContain("forward");
        text.ShouldContain("go");
        var segments = transcript.GetProperty("segments").EnumerateArray().ToList();
        segments.ShouldNotBeEmpty();
        segments.ShouldAllBe(s => s.GetProperty("startSeconds").GetDouble() >= 0
            && s.GetProperty("startSeconds").GetDouble() < s.GetProperty("endSeconds").GetDouble());
        var summary = call.GetProperty("summary");
        summary.GetProperty("state").GetString().ShouldBe("done");
        summary.GetProperty("provider").GetString().ShouldBe("extractive");
        summary.GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace();

        var found = await browser.GetFromJsonAsync<JsonElement>("/api/calls?q=forward");
        found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callSid").GetString()).ShouldBe([play.CallSid]);
        var notFound = await browser.GetFromJsonAsync<JsonElement>("/api/calls?q=backward");
        notFound.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task EachChannelOfADualChannelRecordingIsTranscribedAloneAndItsLinesCarryTheirSpeaker()
    {
        var audio = await TwoSpeakerAudio.Mp3Async();
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", BusinessNumber);
        var call = await RecordingScenario.DualChannelAsync(factory, browser, BusinessNumber, audio, durationSeconds: 20);

        var detail = await WhenSettledAsync(browser, call.CallSid, "transcript");

        var transcript = detail.GetProperty("transcript");
        transcript.GetProperty("state").GetString().ShouldBe("done");
        var segments = transcript.GetProperty("segments").EnumerateArray()
            .Select(s => (Speaker: s.GetProperty("speaker").GetString(), Start: s.GetProperty("startSeconds").GetDouble(),
                End: s.GetProperty("endSeconds").GetDouble(), Text: s.GetProperty("text").GetString()))
            .ToList();
        segments.Select(s => s.Start).ShouldBeInOrder(SortDirection.Ascending, "merged by time");
        var customer = segments.Where(s => s.Speaker == "customer").ToList();
        var agent = segments.Where(s => s.Speaker == "agent").ToList();
        customer.ShouldNotBeEmpty();
        agent.ShouldNotBeEmpty();
        (customer.Count + agent.Count).ShouldBe(segments.Count, "every line of a dual-channel recording has its speaker");
        customer.ShouldAllBe(s => s.Start >= 0.9 && s.End <= 4.5, "the customer speaks from 1 s to 3.4 s");
        agent.ShouldAllBe(s => s.Start >= 7.9 && s.End <= 12.5, "the agent speaks from 8.5 s to 11.6 s");
        string.Join(' ', customer.Select(s => s.Text)).ShouldContain("forward");
    }

    /// <summary>
    /// The demo's dual-channel calls, made as the demo host makes them and delivered as its seeder delivers them
    /// (<c>RecordingChannels=2</c>): each channel heard alone, so the lines carry their speaker, and the customer,
    /// who speaks first in both scripts, is heard first. (The demo's own tests transcribe nothing, to stay fast.)
    /// </summary>
    [Theory]
    [InlineData(14)]
    [InlineData(15)]
    public async Task TheDemosDualChannelCallsAreTranscribedPerSpeaker(int number)
    {
        var demoCall = DemoCatalog.Calls.Single(c => c.Number == number);
        demoCall.Channels.ShouldBe(2);
        var directory = Directory.CreateTempSubdirectory("demo-audio-").FullName;
        byte[] audio;
        try
        {
            audio = await File.ReadAllBytesAsync(await new DemoAudioLibrary(directory, NullLogger<DemoAudioLibrary>.Instance).GetAsync(demoCall, default));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", BusinessNumber);
        var call = await RecordingScenario.DualChannelAsync(factory, browser, BusinessNumber, audio, durationSeconds: 30);

        var detail = await WhenSettledAsync(browser, call.CallSid, "transcript");

        var transcript = detail.GetProperty("transcript");
        transcript.GetProperty("state").GetString().ShouldBe("done");
        var segments = transcript.GetProperty("segments").EnumerateArray()
            .Select(s => (Speaker: s.GetProperty("speaker").GetString(), Start: s.GetProperty("startSeconds").GetDouble()))
            .ToList();
        segments.Select(s => s.Start).ShouldBeInOrder(SortDirection.Ascending, "merged by time");
        segments.Select(s => s.Speaker).Distinct().ShouldBe(["customer", "agent"], ignoreOrder: true, "every line has its speaker, and both are heard");
        segments[0].Speaker.ShouldBe("customer", "the customer speaks first, on channel 1");
    }

    [Fact]
    public async Task ATranscriptionFailureLeavesTheRecordingPlayable()
    {
        var notSpeech = new byte[4000];
        new Random(3).NextBytes(notSpeech);
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(factory, browser, BusinessNumber, twilio => twilio.Serves(notSpeech));

        var call = await WhenSettledAsync(browser, play.CallSid, "transcript");

        call.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("failed");
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBe("ready");
        using var file = await play.GetFileAsync();
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(notSpeech);
    }

    [Fact]
    public async Task AnAgentsPrepareOnlyDownloads()
    {
        var audio = await SpeechAudio.GoForwardMp3Async();
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", BusinessNumber);
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, BusinessNumber, twilio => twilio.Serves(audio));

        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await play.StatusAsync();
        status.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("none");
        (await factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name = 'transcribe-{play.CallSid}'")).ShouldBe(0);
    }
}
