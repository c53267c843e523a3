using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings.Commands.DeleteTwilioCopy;
using Recordings.Infrastructure.Storage;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>The whole pipeline (pocketsphinx, extractive summaries) on a store that can lose a recording's file on request.</summary>
public sealed class LostStoredCopyFactory : RecordingsApiFactory
{
    protected override string TranscriptionProvider => "pocketsphinx";

    protected override string SummarizationProvider => "extractive";

    protected override string QuartzInstanceId => "lost-stored-copy-tests";

    public LosingRecordingStore Store => Services.GetRequiredService<LosingRecordingStore>();

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new LosingRecordingStore(sp.GetRequiredService<LocalDiskRecordingStore>()));
            services.AddSingleton<IRecordingStore>(sp => sp.GetRequiredService<LosingRecordingStore>());
        });
}

/// <summary>
/// A transcription or analysis whose recording's stored file is gone (the demo restarted on data whose recordings were
/// stored elsewhere) downloads it again from Twilio and runs after it, as the file endpoint would; only a lost only
/// copy (Twilio's deleted) fails, with the sentence that says so.
/// </summary>
public sealed class LostStoredCopyTests(LostStoredCopyFactory factory) : IClassFixture<LostStoredCopyFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

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
    public async Task AFileGoneBeforeTheStepsRunIsDownloadedAgainThenTranscribedAndMeasured()
    {
        const string number = "+15551238001";
        var audio = await SpeechAudio.GoForwardMp3Async();
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Lost copy", number);

        var play = await RecordingScenario.DeliveredAsync(factory, browser, number, twilio =>
        {
            twilio.Serves(audio);
            factory.Store.LoseNextCopyOf(twilio.RecordingSid);
        });

        var call = await WhenSettledAsync(browser, play.CallSid, "transcript");
        call.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("done", "not failed after its retries");
        call.GetProperty("transcript").GetProperty("text").GetString()!.ShouldContain("forward");
        (await WhenSettledAsync(browser, play.CallSid, "summary")).GetProperty("summary").GetProperty("state").GetString().ShouldBe("done");
        JsonElement peaks = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await browser.GetAsync($"/api/recordings/{play.CallSid}/peaks");
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Accepted);
            peaks = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // The peaks query writes nothing (ADR-016): an analysis asked for in the last instant of the job that
                // was ending is given its job again by the heal sweep, as the app runs it every HealInterval.
                await factory.HealAsync();
            }

            return response.StatusCode == HttpStatusCode.OK;
        }, "the recording to be measured", Bound);
        peaks.GetProperty("channels").GetArrayLength().ShouldBe(1, "measured on the audio downloaded again");
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("ready");
        play.TwilioRequests.ShouldBe(2, "the lost file was asked of Twilio again, once");
        using var file = await play.GetFileAsync();
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
    }

    [Fact]
    public async Task ALostOnlyCopyFailsTheTranscriptAndTheRecordingWithTheSentenceThatSaysSo()
    {
        const string number = "+15551238002";
        var audio = await SpeechAudio.GoForwardMp3Async();
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Only copy", number);
        // An agent played it first (downloaded, measured, no transcript asked for); then Twilio's copy was deleted.
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, number, twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () =>
            await factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE call_sid = '{play.CallSid}' AND analyzed_at IS NOT NULL") == 1,
            "the recording to be measured");
        await using var scope = factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeleteTwilioCopyCommand(play.CallSid, play.RecordingSid)))
            .ShouldBe(DeleteTwilioCopyResult.Deleted);

        // The storage loses it; then Twilio's callback comes again and asks for the transcript of what is stored.
        var key = await factory.QueryAsync<string>($"SELECT storage_key FROM call_recordings WHERE call_sid = '{play.CallSid}'");
        (await factory.Store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();
        var webhooks = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);
        (await webhooks.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(play.CallSid, play.RecordingSid, origin: factory.Twilio.BaseUrl)))
            .EnsureSuccessStatusCode();

        var call = await WhenSettledAsync(browser, play.CallSid, "transcript");
        call.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("failed");
        var recording = call.GetProperty("recording");
        recording.GetProperty("state").GetString().ShouldBe("failed");
        recording.GetProperty("error").GetString()!.ShouldContain("Twilio's copy was deleted");
        (await factory.QueryAsync<string>($"SELECT processing_error FROM calls WHERE call_sid = '{play.CallSid}'"))
            .ShouldContain("Twilio's copy was deleted");
        play.TwilioRequests.ShouldBe(1, "nothing asked Twilio for a copy it no longer has");
        await Eventually.TrueAsync(async () =>
            await factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name = 'transcribe-{play.CallSid}'") == 0,
            "the transcription job to end");
        factory.Logs.WarningsAndErrors().ShouldNotContain(line => line.Contains($"transcribe job of {play.CallSid}", StringComparison.Ordinal),
            "it is not retried: trying again cannot help");
    }
}
