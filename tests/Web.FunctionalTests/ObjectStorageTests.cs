using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Recordings.Demo.Twilio;
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
        builder.UseSetting("Recordings:Storage:Provider", "s3");
        builder.UseSetting("Recordings:Storage:S3:ServiceUrl", TestObjectStore.Endpoint);
        builder.UseSetting("Recordings:Storage:S3:Bucket", Bucket);
        builder.UseSetting("Recordings:Storage:S3:AccessKey", TestObjectStore.AccessKey);
        builder.UseSetting("Recordings:Storage:S3:SecretKey", TestObjectStore.SecretKey);
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
        builder.UseSetting("Recordings:Storage:Provider", "s3");
        builder.UseSetting("Recordings:Storage:S3:ServiceUrl", TestObjectStore.Endpoint);
        builder.UseSetting("Recordings:Storage:S3:Bucket", TestObjectStore.UniqueBucket("recordings-refused"));
        builder.UseSetting("Recordings:Storage:S3:AccessKey", TestObjectStore.AccessKey);
        builder.UseSetting("Recordings:Storage:S3:SecretKey", "not-the-secret");
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
}
