using Recordings.Domain.Calls;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Storage;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Storage;

/// <summary>The object-storage provider, against a real S3-compatible store (OpenStack Swift's S3 API on loopback).</summary>
public sealed class S3RecordingStoreTests : IAsyncLifetime
{
    private readonly S3StorageOptions _options = TestObjectStore.Options(TestObjectStore.UniqueBucket("recordings-tests"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AmazonS3Client _s3 = null!;
    private S3RecordingStore _store = null!;

    public Task InitializeAsync()
    {
        _options.PartSizeBytes = 5 * 1024 * 1024;
        _s3 = StorageServiceCollectionExtensions.CreateS3Client(_options);
        _store = new S3RecordingStore(_s3, _options, _time, NullLogger<S3RecordingStore>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            var objects = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket });
            foreach (var item in objects.S3Objects ?? [])
            {
                await _s3.DeleteObjectAsync(_options.Bucket, item.Key);
            }

            await _s3.DeleteBucketAsync(_options.Bucket);
        }
        catch (AmazonS3Exception)
        {
            // The bucket was never created (a test that failed early).
        }

        _store.Dispose();
        _s3.Dispose();
    }

    [Fact]
    public async Task AStoreThatRefusesTheKeysIsAStorageFaultThatNamesNoSecret()
    {
        var wrongKeys = TestObjectStore.Options(_options.Bucket);
        wrongKeys.SecretKey = "not-the-secret";
        using var s3 = StorageServiceCollectionExtensions.CreateS3Client(wrongKeys);
        using var refusing = new S3RecordingStore(s3, wrongKeys, _time, NullLogger<S3RecordingStore>.Instance);

        var fault = await Should.ThrowAsync<RecordingStorageException>(() => refusing.BeginUploadAsync(NewKey(), CancellationToken.None));
        fault.ShouldBeAssignableTo<IOException>("callers treat it like a failing disk");
        fault.Message.ShouldNotContain("not-the-secret");
        await Should.ThrowAsync<RecordingStorageException>(() => refusing.FindAsync(NewKey(), CancellationToken.None));
    }

    private static string NewKey() => RecordingStorageKey.For(Guid.NewGuid(), "RE" + Guid.NewGuid().ToString("N"));

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private async Task<StoredRecording> StoreAsync(string key, byte[] bytes, int chunk = 64 * 1024)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await upload.Content.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        return await upload.CommitAsync(CancellationToken.None);
    }

    private async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<int> UnfinishedUploadsAsync()
    {
        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket });
        return uploads.MultipartUploads?.Count ?? 0;
    }

    [Fact]
    public async Task ARecordingOfSeveralPartsBecomesOneObjectOnlyWhenCommitted()
    {
        var key = NewKey();
        var bytes = RandomBytes((12 * 1024 * 1024) + 12345); // three parts of 5 MiB at most

        await using (var upload = await _store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(bytes.AsMemory(0, 11 * 1024 * 1024));
            (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull("nothing is visible before the commit");
            await upload.Content.WriteAsync(bytes.AsMemory(11 * 1024 * 1024));

            var stored = await upload.CommitAsync(CancellationToken.None);

            stored.Length.ShouldBe(bytes.Length);
            stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var found = (await _store.FindAsync(key, CancellationToken.None)).ShouldNotBeNull();
        found.Length.ShouldBe(bytes.Length);
        (await ReadAllAsync(key)).ShouldBe(bytes);
        (await UnfinishedUploadsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AnUploadDisposedWithoutACommitIsAbortedAndLeavesNothing()
    {
        var key = NewKey();

        await using (var upload = await _store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(RandomBytes(6 * 1024 * 1024));
        }

        (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull();
        (await UnfinishedUploadsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AFailedAttemptLeavesTheStoredRecordingAlone()
    {
        var key = NewKey();
        var first = RandomBytes(1000);
        await StoreAsync(key, first);

        await using (var upload = await _store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(RandomBytes(500));
        }

        (await ReadAllAsync(key)).ShouldBe(first);
    }

    [Fact]
    public async Task ARangeIsReadWithoutTheRestAndSeeksWork()
    {
        var key = NewKey();
        var bytes = RandomBytes(200_000);
        await StoreAsync(key, bytes);

        await using var stream = await _store.OpenReadAsync(key, null, CancellationToken.None);
        stream.CanSeek.ShouldBeTrue();
        stream.Length.ShouldBe(bytes.Length);
        stream.Seek(150_000, SeekOrigin.Begin);
        var middle = new byte[1000];
        await stream.ReadExactlyAsync(middle);
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[10];
        await stream.ReadExactlyAsync(tail);

        middle.ShouldBe(bytes[150_000..151_000]);
        tail.ShouldBe(bytes[^10..]);
        (await stream.ReadAsync(new byte[1])).ShouldBe(0);
    }

    [Fact]
    public async Task AnEmptyRecordingIsStoredAsAnEmptyObject()
    {
        var key = NewKey();

        var stored = await StoreAsync(key, []);

        stored.Length.ShouldBe(0);
        (await _store.FindAsync(key, CancellationToken.None)).ShouldNotBeNull().Length.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteRemovesTheObjectAndSaysWhetherThereWasOne()
    {
        var key = NewKey();
        await StoreAsync(key, RandomBytes(100));

        (await _store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();
        (await _store.DeleteAsync(key, CancellationToken.None)).ShouldBeFalse();

        (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull();
        await Should.ThrowAsync<FileNotFoundException>(() => _store.OpenReadAsync(key, null, CancellationToken.None));
        // Opened with its known length (a remembered ready recording), nothing is looked up: its first read says it is gone.
        await using var opened = await _store.OpenReadAsync(key, 100, CancellationToken.None);
        await Should.ThrowAsync<FileNotFoundException>(() => opened.ReadAsync(new byte[10]).AsTask());
    }

    [Fact]
    public async Task ACleanUpAbortsOnlyUploadsACrashLeftLongAgo()
    {
        // A crash: an upload begun and never committed nor disposed.
        var crashed = NewKey();
        var running = NewKey();
        await _store.EnsureBucketAsync(CancellationToken.None);
        await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = _store.KeyOf(crashed) });
        var stillRunning = await _store.BeginUploadAsync(running, CancellationToken.None);

        (await _store.CleanUpLeftoversAsync(CancellationToken.None)).ShouldBe(0, "both are younger than an hour");
        _time.Advance(S3RecordingStore.LeftoverAge + TimeSpan.FromMinutes(1));
        (await _store.CleanUpLeftoversAsync(CancellationToken.None)).ShouldBe(2);

        (await UnfinishedUploadsAsync()).ShouldBe(0);
        await stillRunning.DisposeAsync();
    }

    [Fact]
    public async Task TheBucketIsCreatedWhenMissingAndAPrefixNamesTheKeys()
    {
        _options.Prefix = "tenant-a/";
        var key = NewKey();

        await StoreAsync(key, RandomBytes(10));

        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket });
        listed.S3Objects.ShouldHaveSingleItem().Key.ShouldBe($"tenant-a/{key}");
    }

    [Fact]
    public async Task RedirectDeliveryPresignsAUrlThatServesTheObjectWithoutCredentials()
    {
        var redirecting = new RedirectDelivery(_store, new StorageOptions { Provider = StorageOptions.S3, Delivery = StorageOptions.Redirect, PresignedUrlSeconds = 120 });
        var key = NewKey();
        var audio = RandomBytes(70_000);
        await StoreAsync(key, audio);

        var url = (await redirecting.RouteAsync(key, null, CancellationToken.None)).DirectUrl.ShouldNotBeNull();

        url.Scheme.ShouldBe("http", "an http endpoint signs http URLs");
        url.Query.ShouldContain("X-Amz-Signature=");
        using var anonymous = new HttpClient();
        (await anonymous.GetByteArrayAsync(url)).ShouldBe(audio);
        using var tampered = await anonymous.GetAsync(new Uri(url.AbsoluteUri.Replace(key, NewKey(), StringComparison.Ordinal)));
        tampered.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden, "the signature covers the key");
    }

    [Theory]
    [InlineData("local", "proxy", true)]
    [InlineData("s3", "proxy", true)]
    [InlineData("s3", "redirect", true)]
    [InlineData("local", "redirect", false)]
    [InlineData("local", "accel", true)]
    [InlineData("s3", "accel", false)]
    public void RedirectNeedsAnObjectStoreAndAccelADisk(string provider, string delivery, bool valid)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = provider, Delivery = delivery });

        result.Succeeded.ShouldBe(valid);
    }

    [Fact]
    public void AnUnknownDeliveryStopsTheStart()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddRecordingStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recordings:StoragePath"] = Path.GetTempPath(),
            ["Recordings:Storage:Delivery"] = "sendfile",
        }).Build());
        using var provider = services.BuildServiceProvider();

        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(
                () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value)
            .Message.ShouldContain("Recordings:Storage:Delivery must be proxy, redirect or accel");
    }

    [Fact]
    public void TheProviderIsChosenByConfiguration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddRecordingStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recordings:Storage:Provider"] = "s3",
            ["Recordings:Storage:S3:ServiceUrl"] = _options.ServiceUrl,
            ["Recordings:Storage:S3:Bucket"] = _options.Bucket,
            ["Recordings:Storage:S3:AccessKey"] = TestObjectStore.AccessKey,
            ["Recordings:Storage:S3:SecretKey"] = TestObjectStore.SecretKey,
        }).Build());

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IRecordingStore>().ShouldBeOfType<S3RecordingStore>();
    }
}
