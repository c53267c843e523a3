using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo;
using Recordings.Demo.Twilio;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>The app on a bucket of its own, deleting Twilio's copy of each recording once its own is stored.</summary>
public sealed class DeleteAfterDownloadFactory : RecordingsApiFactory
{
    public string Bucket { get; } = TestObjectStore.UniqueBucket("recordings-only-copy");

    protected override string QuartzInstanceId => "delete-after-download-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseBucket(Bucket);
        builder.UseSetting("Twilio:DeleteAfterDownload", "true");
        builder.UseSetting("Twilio:MaxDownloadAttempts", "2");
    }
}

/// <summary>
/// <c>Twilio:DeleteAfterDownload</c>: Twilio's copy goes only once ours is stored and verified, never after a failed
/// download; from then on ours is the only copy, never released, and its loss is reported (failed, readiness degraded).
/// </summary>
public sealed class DeleteAfterDownloadTests(DeleteAfterDownloadFactory factory) : IClassFixture<DeleteAfterDownloadFactory>
{
    private static byte[] Audio(int seed)
    {
        var audio = new byte[64_000];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    private async Task<RecordingScenario> StoredAndDeletedAtTwilioAsync(string businessNumber, byte[] audio)
    {
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Only copy " + businessNumber[^4..], businessNumber);
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, businessNumber, twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => !(await play.StatusAsync()).GetProperty("atTwilio").GetBoolean(), "Twilio's copy to be deleted");
        return play;
    }

    private async Task<string> ReadinessAsync()
    {
        using var client = factory.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, "degraded is still ready: the node serves");
        return await ready.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task TwilioCopyIsDeletedOnceOursIsStoredAndItStillPlaysFromOurs()
    {
        var audio = Audio(1);
        // Twilio answers the first deletion with 503 twice: retried, not given up.
        factory.Twilio.FailNextRestRequests(2, 503);

        var play = await StoredAndDeletedAtTwilioAsync("+15551237001", audio);

        factory.Twilio.WasDeleted(play.RecordingSid).ShouldBeTrue();
        var status = await play.StatusAsync();
        status.GetProperty("state").GetString().ShouldBe("ready");
        status.GetProperty("atTwilio").GetBoolean().ShouldBeFalse();
        using var file = await play.GetFileAsync();
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        play.TwilioRequests.ShouldBe(1, "one download, before the deletion");
    }

    [Theory]
    [InlineData(503)]
    [InlineData(0)]
    public async Task AFailedDownloadNeverDeletesTwilioCopy(int twilioStatus)
    {
        var number = twilioStatus == 0 ? "+15551237002" : "+15551237003";
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Failing " + number[^4..], number);
        // A 503 every time, or an answer that is not audio: either way nothing verified is stored.
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, number, twilio =>
        {
            if (twilioStatus == 0)
            {
                twilio.Serves(Audio(2), "text/html");
            }
            else
            {
                twilio.AlwaysFails(twilioStatus);
            }
        });

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await play.WaitUntilSettledAsync()).ShouldBe("failed");

        factory.Twilio.WasDeleted(play.RecordingSid).ShouldBeFalse();
        (await play.StatusAsync()).GetProperty("atTwilio").GetBoolean().ShouldBeTrue();
        (await factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE 'delete-at-twilio-{play.CallSid}%'"))
            .ShouldBe(0, "no deletion was ever queued");
    }

    [Fact]
    public async Task TheOnlyCopyIsNeverReleasedItsLossFailsTheRecordingAndDegradesReadinessUntilItIsRestored()
    {
        var audio = Audio(3);
        var play = await StoredAndDeletedAtTwilioAsync("+15551237004", audio);
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IRecordingStore>();

        (await ActivatorUtilities.CreateInstance<StoredRecordingRelease>(scope.ServiceProvider).ReleaseAsync(play.CallSid, CancellationToken.None))
            .ShouldBe(ReleaseStoredRecordingResult.OnlyCopy);

        // The storage loses it (a wrong lifecycle rule, a restore that missed it).
        var key = await factory.QueryAsync<string>($"SELECT storage_key FROM call_recordings WHERE call_sid = '{play.CallSid}'");
        (await store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();

        using (var lost = await play.GetFileAsync())
        {
            var problem = await lost.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "recording_download_failed");
            problem.GetProperty("detail").GetString()!.ShouldContain("Twilio's copy was deleted");
        }

        using (var prepare = await play.PrepareAsync(wait: 2))
        {
            prepare.StatusCode.ShouldBe(HttpStatusCode.BadGateway, "nothing can download it again");
        }

        play.TwilioRequests.ShouldBe(1, "nothing asked Twilio for a copy it no longer has");
        (await ReadinessAsync()).ShouldBe("Degraded");

        // The operator restores the file: the next prepare finds it and the recording plays again.
        await using (var upload = await store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(audio);
            await upload.CommitAsync(CancellationToken.None);
        }

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var restored = await play.GetFileAsync())
        {
            (await restored.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        }

        (await ReadinessAsync()).ShouldBe("Healthy");
    }
}
