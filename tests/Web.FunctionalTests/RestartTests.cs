using Recordings.Demo.Twilio;
using System.Net;
using System.Net.Http.Json;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>An app stopped in the middle of a download: nothing is lost and no partial file is ever served.</summary>
public sealed class RestartTests
{
    private const string BusinessNumber = "+15551230001";

    [Fact]
    public async Task AnAppStoppedMidDownloadFinishesItAfterRestartAndNeverServesAPartialFile()
    {
        var audio = new byte[64_000];
        new Random(7).NextBytes(audio);
        var first = new RecordingsApiFactory { OwnsDatabase = false };
        await first.InitializeAsync();
        ResponseGate gate = null!;
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(first, "Acme", BusinessNumber);
        var play = await RecordingScenario.AtTwilioAsync(first, browser, BusinessNumber,
            twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 20_000));
        play.AtTwilio.Serves(audio);

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await gate.WaitUntilReachedAsync();
        await play.WaitForProgressAsync();
        Directory.EnumerateFiles(Path.Combine(first.StoragePath, ".tmp")).ShouldNotBeEmpty("the interrupted attempt writes a temporary file");
        (await play.GetFileAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // Stop the app while Twilio's answer is half sent.
        await first.DisposeAsync();
        (await first.QueryAsync<string>($"SELECT state FROM call_recordings WHERE call_sid = '{play.CallSid}'"))
            .ShouldBeOneOf("Queued", "Downloading");
        play.StoredFiles(first.StoragePath).ShouldBeEmpty();

        var second = new RecordingsApiFactory();
        second.TakeOver(first);
        await second.InitializeAsync();
        try
        {
            using var secondBrowser = second.CreateBrowser();
            (await secondBrowser.PostAsJsonAsync("/api/auth/login", new { email = "agent@acme.example", password = Seed.Password })).EnsureSuccessStatusCode();
            var resumed = new RecordingScenario(second, secondBrowser, play.CallSid, play.RecordingSid);

            // Nobody asks again: the restarted app finds the interrupted download and runs it.
            (await resumed.WaitUntilSettledAsync()).ShouldBe("ready");

            using var file = await resumed.GetFileAsync();
            file.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
            resumed.TwilioRequests.ShouldBe(2);
            Directory.EnumerateFiles(Path.Combine(second.StoragePath, ".tmp")).ShouldBeEmpty("leftovers are cleaned up");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
