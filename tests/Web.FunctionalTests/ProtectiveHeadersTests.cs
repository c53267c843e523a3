using Recordings.Demo.Twilio;
using System.Net;
using System.Net.Http.Json;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>Answers holding personal data are never stored by a browser or a proxy; the audio may be kept by the agent's browser only.</summary>
public sealed class ProtectiveHeadersTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551230001";

    private static void ShouldNotBeStored(HttpResponseMessage response, string what)
    {
        response.Headers.CacheControl.ShouldNotBeNull(what);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue(what);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", what);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("default-src 'none'; frame-ancestors 'none'", what);
    }

    [Fact]
    public async Task CallsTheAgentAndTheRecordingStatusAreNoStoreAndTheAudioIsPrivate()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var audio = new byte[4_000];
        new Random(4).NextBytes(audio);
        var play = await RecordingScenario.AtTwilioAsync(Factory, browser, BusinessNumber, (SimulatedRecording twilio) => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var list = await browser.GetAsync("/api/calls");
        using var detail = await browser.GetAsync($"/api/calls/{play.CallSid}");
        using var me = await browser.GetAsync("/api/auth/me");
        using var status = await browser.GetAsync(play.StatusPath);
        using var file = await play.GetFileAsync();

        ShouldNotBeStored(list, "/api/calls");
        ShouldNotBeStored(detail, "/api/calls/{callSid}");
        ShouldNotBeStored(me, "/api/auth/me");
        ShouldNotBeStored(status, "/api/recordings/{callSid}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Headers.CacheControl!.Private.ShouldBeTrue();
        file.Headers.CacheControl.NoStore.ShouldBeFalse();
    }

    [Fact]
    public async Task TheLoginAnswerIsNoStore()
    {
        var business = await CreateBusinessAsync("Acme", BusinessNumber);
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana@acme.example", password = Seed.Password });

        ShouldNotBeStored(login, "/api/auth/login");
    }

    [Fact]
    public async Task ErrorsAreNoStoreToo()
    {
        using var browser = Factory.CreateBrowser();

        using var unauthenticated = await browser.GetAsync("/api/calls");

        ShouldNotBeStored(unauthenticated, "401");
    }
}
