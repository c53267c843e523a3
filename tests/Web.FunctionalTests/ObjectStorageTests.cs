using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>The app on the s3 provider: a bucket of its own on the tests' real S3-compatible store (OpenStack Swift).</summary>
public sealed class ObjectStorageFactory : RecordingsApiFactory
{
    public string Bucket { get; } = TestObjectStore.UniqueBucket("recordings-web");

    protected override string QuartzInstanceId => "object-storage-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseBucket(Bucket);
    }
}

/// <summary>Playing a recording kept in object storage, streamed by the app (proxy): the same HTTP as from a disk.</summary>
public sealed class ObjectStorageTests(ObjectStorageFactory factory) : IClassFixture<ObjectStorageFactory>
{
    private const string BusinessNumber = "+15551230077";

    [Fact]
    public async Task ARecordingDownloadedIntoTheBucketPlaysWithRangesAndConditionalRequests()
    {
        var audio = new byte[300_000];
        new Random(7).NextBytes(audio);
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Bucketed", BusinessNumber);
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, BusinessNumber, (SimulatedRecording twilio) => twilio.Serves(audio));

        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var whole = await play.GetFileAsync();
        whole.StatusCode.ShouldBe(HttpStatusCode.OK);
        whole.Content.Headers.ContentLength.ShouldBe(audio.Length);
        (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        var etag = whole.Headers.ETag!.Tag;

        using var range = await play.GetFileAsync("bytes=250000-250099");
        range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        range.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 250000-250099/{audio.Length}");
        (await range.Content.ReadAsByteArrayAsync()).ShouldBe(audio[250_000..250_100]);

        using var notModified = await play.SendAsync(HttpMethod.Get, play.FilePath, configure: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag)));
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var head = await play.HeadAsync();
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(audio.Length);
        play.TwilioRequests.ShouldBe(1);
    }

    /// <summary>
    /// The object goes from the bucket behind the app's back (an operator, a lifecycle rule) after the node remembered the
    /// ready recording: as on a local disk, the player is told to come back (202 with Retry-After) and the recording is
    /// downloaded again, rather than a 503 for a store that answers perfectly well.
    /// </summary>
    [Theory]
    [InlineData("GET", "+15551230078")]
    [InlineData("HEAD", "+15551230079")]
    public async Task ARememberedRecordingWhoseObjectVanishedIsQueuedAgainNotUnavailable(string method, string businessNumber)
    {
        var audio = new byte[120_000];
        new Random(8).NextBytes(audio);
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Vanished " + method, businessNumber);
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, businessNumber, twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var first = await play.GetFileAsync("bytes=0-99"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.PartialContent, "served, and now remembered by the node");
        }

        factory.Services.GetRequiredService<ReadyRecordingCache>().TryGet(play.CallSid, out _).ShouldBeTrue();
        var key = await factory.QueryAsync<string>($"SELECT storage_key FROM call_recordings WHERE call_sid = '{play.CallSid}'");
        (await factory.Services.GetRequiredService<IRecordingStore>().DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();

        using (var afterLoss = await play.SendAsync(new HttpMethod(method), play.FilePath, range: "bytes=0-99"))
        {
            afterLoss.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            afterLoss.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        }

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        using var again = await play.GetFileAsync();
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        play.TwilioRequests.ShouldBe(2);
    }

    [Fact]
    public async Task ReadinessIncludesTheObjectStore()
    {
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The app on an object store that refuses its keys.</summary>
public sealed class RefusingObjectStorageFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "refusing-object-storage-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseBucket(TestObjectStore.UniqueBucket("recordings-refused"), secretKey: "not-the-secret");
    }
}

public sealed class RefusingObjectStorageTests(RefusingObjectStorageFactory factory) : IClassFixture<RefusingObjectStorageFactory>
{
    [Fact]
    public async Task AStoreThatRefusesTheKeysMakesTheAppNotReady()
    {
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADownloadTheStoreRefusesIsRetriedThenFailsWithASentenceAnAgentCanActOn()
    {
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Refused", "+15551230201");
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, "+15551230201", twilio => twilio.Serves(new byte[50_000]));

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await play.WaitUntilSettledAsync()).ShouldBe("failed");
        using var file = await play.GetFileAsync();
        var problem = await file.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "recording_download_failed");
        problem.GetProperty("detail").GetString().ShouldBe(
            "Our recording storage did not accept the recording 6 times. The recording is safe at Twilio: press Try again in a few minutes, and tell your administrator if it keeps failing.");
        problem.GetRawText().ShouldNotContain("not-the-secret");
        play.TwilioRequests.ShouldBe(6, "each attempt asks Twilio again, and nothing half-written is kept");
    }
}

/// <summary>The app on the s3 provider with Delivery = redirect: the browser reads the bytes from the store.</summary>
public sealed class RedirectDeliveryFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "redirect-delivery-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseBucket(TestObjectStore.UniqueBucket("recordings-redirect"));
        builder.UseSetting("Recordings:Storage:Delivery", "redirect");
        builder.UseSetting("Recordings:Storage:PresignedUrlSeconds", "60");
    }
}

public sealed class RedirectDeliveryTests(RedirectDeliveryFactory factory) : IClassFixture<RedirectDeliveryFactory>
{
    [Fact]
    public async Task GetRedirectsToAShortLivedPresignedUrlThatServesRangesAndHeadIsAnsweredByTheApp()
    {
        const string number = "+15551230088";
        var audio = new byte[120_000];
        new Random(8).NextBytes(audio);
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Redirected", number);
        var play = await RecordingScenario.AtTwilioAsync(factory, browser, number, (SimulatedRecording twilio) => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var get = await play.GetFileAsync();

        get.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        get.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var location = get.Headers.Location!;
        location.GetLeftPart(UriPartial.Authority).ShouldBe(new Uri(TestObjectStore.Endpoint).GetLeftPart(UriPartial.Authority));
        // Valid for PresignedUrlSeconds (SigV4's X-Amz-Expires counts from the signing moment, so up to a second more).
        var expires = int.Parse(System.Web.HttpUtility.ParseQueryString(location.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        expires.ShouldBeInRange(59, 61);

        // The browser follows it, with its Range, to the store; no session or key goes there.
        using var store = new HttpClient();
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, location);
        rangeRequest.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var range = await store.SendAsync(rangeRequest);
        range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await range.Content.ReadAsByteArrayAsync()).ShouldBe(audio[1000..2000]);

        using var head = await play.HeadAsync();
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(audio.Length);
        head.Headers.ETag.ShouldNotBeNull();
        head.Headers.CacheControl!.Private.ShouldBeTrue();
    }

    [Fact]
    public async Task NoPresignedUrlIsIssuedForAnotherBusinesssRecording()
    {
        const string number = "+15551230089";
        var (_, owner) = await Seed.AgentOfNewBusinessAsync(factory, "Owner", number);
        var play = await RecordingScenario.AtTwilioAsync(factory, owner, number, (SimulatedRecording twilio) => twilio.Serves(new byte[5000]));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, stranger) = await Seed.AgentOfNewBusinessAsync(factory, "Stranger", "+15551230090");

        using var response = await stranger.GetAsync(play.FilePath);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task ThePagesLetTheAudioComeFromTheStore()
    {
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/login");

        page.Headers.GetValues("Content-Security-Policy").Single()
            .ShouldContain($"media-src 'self' {new Uri(TestObjectStore.Endpoint).GetLeftPart(UriPartial.Authority)}");
    }
}
