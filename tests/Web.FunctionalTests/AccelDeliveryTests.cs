using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>The app on a local disk with Delivery = accel.</summary>
public sealed class AccelDeliveryFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "accel-delivery-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.UseSetting("Recordings:Storage:Delivery", "accel");
}

/// <summary>Debian's nginx with the repository's accel configuration in front of the app.</summary>
public sealed class AppBehindNginx : IAsyncLifetime
{
    public AccelDeliveryFactory App { get; } = new();

    public NginxProcess Nginx { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Nginx = await NginxProcess.StartAsync(App.BaseAddress, App.StoragePath);
    }

    public async Task DisposeAsync()
    {
        Nginx?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>An agent's browser that talks to nginx (which talks to the app).</summary>
    public async Task<HttpClient> BrowserThroughNginxAsync(string email)
    {
        var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = Nginx.BaseAddress,
        };
        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password });
        login.EnsureSuccessStatusCode();
        return browser;
    }
}

/// <summary>
/// Delivery = accel: the app checks the session and the business and answers the headers with X-Accel-Redirect; nginx
/// sends the bytes with sendfile, with the app's ETag and Last-Modified, so ranges and If-Range work as in proxy.
/// </summary>
public sealed class AccelDeliveryTests(AppBehindNginx setup) : IClassFixture<AppBehindNginx>
{
    private static byte[] Audio(int seed)
    {
        var audio = new byte[200_000];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    private async Task<(RecordingScenario Direct, HttpClient ThroughNginx, BusinessResponse Business)> ReadyRecordingAsync(string name, string number, byte[] audio)
    {
        var (business, direct) = await Seed.AgentOfNewBusinessAsync(setup.App, name, number);
        var play = await RecordingScenario.AtTwilioAsync(setup.App, direct, number, twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (play, await setup.BrowserThroughNginxAsync($"agent@{name.ToLowerInvariant()}.example"), business);
    }

    [Fact]
    public async Task NginxSendsTheBytesWithTheAppsValidatorsRangesAndConditions()
    {
        var audio = Audio(1);
        var (play, browser, _) = await ReadyRecordingAsync("Pied", "+15551230301", audio);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(audio))}\"");

        using var whole = await browser.GetAsync(play.FilePath);
        whole.StatusCode.ShouldBe(HttpStatusCode.OK, setup.Nginx.Output);
        (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        whole.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        whole.Headers.ETag.ShouldBe(etag);
        whole.Headers.CacheControl!.Private.ShouldBeTrue();
        whole.Headers.AcceptRanges.ShouldBe(["bytes"]);
        whole.Headers.Contains("X-Accel-Redirect").ShouldBeFalse("nginx consumes it");
        using (var head = await play.HeadAsync())
        {
            whole.Content.Headers.LastModified.ShouldBe(head.Content.Headers.LastModified, "when it was stored, not the file's date");
        }

        using var range = await Get(browser, play.FilePath, r => r.Headers.Range = new RangeHeaderValue(1000, 1999));
        range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        range.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 1000-1999/{audio.Length}");
        (await range.Content.ReadAsByteArrayAsync()).ShouldBe(audio[1000..2000]);

        using var sameVersion = await Get(browser, play.FilePath, r =>
        {
            r.Headers.Range = new RangeHeaderValue(0, 0);
            r.Headers.IfRange = new RangeConditionHeaderValue(etag);
        });
        sameVersion.StatusCode.ShouldBe(HttpStatusCode.PartialContent);

        using var otherVersion = await Get(browser, play.FilePath, r =>
        {
            r.Headers.Range = new RangeHeaderValue(0, 0);
            r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"another-version\""));
        });
        otherVersion.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await otherVersion.Content.ReadAsByteArrayAsync()).Length.ShouldBe(audio.Length);

        using var cached = await Get(browser, play.FilePath, r => r.Headers.IfNoneMatch.Add(etag));
        cached.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await cached.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheAppAnswersTheHeadersAndTheInternalPathWithoutABodyAndHeadWithEveryHeader()
    {
        var audio = Audio(2);
        var (play, _, business) = await ReadyRecordingAsync("Raviga", "+15551230302", audio);

        using var get = await play.GetFileAsync();
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Headers.GetValues("X-Accel-Redirect").ShouldHaveSingleItem()
            .ShouldBe($"/internal-recordings/{business.Id:D}/{play.RecordingSid}.mp3");
        (await get.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        using var head = await play.HeadAsync();
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(audio.Length);
        head.Headers.AcceptRanges.ShouldContain("bytes");
        head.Headers.Contains("X-Accel-Redirect").ShouldBeFalse();
    }

    [Fact]
    public async Task NoClientReachesTheInternalLocationAndAnotherBusinessGetsNothing()
    {
        var (play, _, business) = await ReadyRecordingAsync("Endframe", "+15551230303", Audio(3));
        var (_, stranger) = await Seed.AgentOfNewBusinessAsync(setup.App, "Bachman", "+15551230304");
        using var strangerThroughNginx = await setup.BrowserThroughNginxAsync("agent@bachman.example");

        using var direct = await strangerThroughNginx.GetAsync($"/internal-recordings/{business.Id:D}/{play.RecordingSid}.mp3");
        direct.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await direct.Content.ReadAsByteArrayAsync()).Length.ShouldBeLessThan(1000, "nginx's own page, never the audio");

        using var other = await strangerThroughNginx.GetAsync(play.FilePath);
        await other.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        stranger.Dispose();
    }

    private static async Task<HttpResponseMessage> Get(HttpClient client, string path, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        return await client.SendAsync(request);
    }
}
