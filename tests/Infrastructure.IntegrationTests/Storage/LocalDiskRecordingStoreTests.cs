using Recordings.Domain.Calls;
using System.Security.Cryptography;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using NSubstitute;

using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Storage;

namespace Recordings.Infrastructure.IntegrationTests.Storage;

public sealed class LocalDiskRecordingStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "recordings-store-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalDiskRecordingStore _store;

    public LocalDiskRecordingStoreTests()
    {
        _store = new LocalDiskRecordingStore(_root, NullLogger<LocalDiskRecordingStore>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string NewKey() => RecordingStorageKey.For(Guid.NewGuid(), "RE" + Guid.NewGuid().ToString("N"));

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private string[] TempFiles() =>
        Directory.Exists(_store.TempDirectory) ? Directory.GetFiles(_store.TempDirectory) : [];

    [Fact]
    public async Task CommitMovesTheCompleteFileIntoPlaceOnlyThen()
    {
        var key = NewKey();
        var bytes = RandomBytes(200_000);
        var finalPath = Path.Combine(_root, key);

        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(bytes.AsMemory(0, 70_000));
        await upload.Content.WriteAsync(bytes.AsMemory(70_000));

        upload.Length.ShouldBe(bytes.Length);
        File.Exists(finalPath).ShouldBeFalse();
        (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull();
        var temp = TempFiles().ShouldHaveSingleItem();
        Path.GetFileName(temp).ShouldEndWith(".part");
        temp.ShouldEndWith(".part");

        var stored = await upload.CommitAsync(CancellationToken.None);

        stored.Length.ShouldBe(bytes.Length);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        (await File.ReadAllBytesAsync(finalPath)).ShouldBe(bytes);
        TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task ProxyDeliveryLetsTheAppStreamTheFile()
    {
        (await new ProxyDelivery().RouteAsync(NewKey(), null, CancellationToken.None)).ShouldBe(DeliveryRoute.Proxy);
    }

    [Fact]
    public async Task WithAccelDeliveryARecordingIsSentFromItsPathUnderTheAccelPrefix()
    {
        var accel = new AccelDelivery(new StorageOptions { Delivery = StorageOptions.Accel, AccelPrefix = "/internal-recordings/" });
        var key = NewKey();

        (await accel.RouteAsync(key, null, CancellationToken.None)).InternalRedirect.ShouldBe("/internal-recordings/" + key);
        Path.Combine(_root, key).ShouldBe(_store.FinalPath(key), "the path after the prefix is relative to the storage folder");
        await Should.ThrowAsync<ArgumentException>(async () => await accel.RouteAsync("../../etc/passwd", null, CancellationToken.None));
    }

    [Fact]
    public async Task ContentIsAWriteOnlyStream()
    {
        await using var upload = await _store.BeginUploadAsync(NewKey(), CancellationToken.None);

        upload.Content.CanWrite.ShouldBeTrue();
        upload.Content.CanRead.ShouldBeFalse();
        upload.Content.CanSeek.ShouldBeFalse();
    }

    [Fact]
    public async Task DisposingWithoutCommitDeletesTheTemporaryFile()
    {
        var key = NewKey();
        var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(RandomBytes(1000));
        TempFiles().ShouldHaveSingleItem();

        await upload.DisposeAsync();

        TempFiles().ShouldBeEmpty();
        (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task CommitReplacesAnEarlierRecordingWhole()
    {
        var key = NewKey();
        await StoreAsync(key, RandomBytes(5000));
        var second = RandomBytes(1200);

        var stored = await StoreAsync(key, second);

        stored.Length.ShouldBe(second.Length);
        (await File.ReadAllBytesAsync(_store.FinalPath(key))).ShouldBe(second);
    }

    [Fact]
    public async Task AFailedAttemptLeavesTheStoredRecordingAlone()
    {
        var key = NewKey();
        var first = RandomBytes(3000);
        await StoreAsync(key, first);

        await using (var upload = await _store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(RandomBytes(10));
        }

        (await File.ReadAllBytesAsync(_store.FinalPath(key))).ShouldBe(first);
    }

    [Fact]
    public async Task FindReturnsTheStoredLengthAndLastWriteTime()
    {
        var key = NewKey();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await StoreAsync(key, RandomBytes(4321));

        var found = (await _store.FindAsync(key, CancellationToken.None)).ShouldNotBeNull();

        found.Length.ShouldBe(4321);
        found.LastWriteTime.Offset.ShouldBe(TimeSpan.Zero);
        found.LastWriteTime.ShouldBeGreaterThan(before);
        found.LastWriteTime.ShouldBeLessThan(DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task DeleteRemovesTheStoredFileAndSaysWhetherThereWasOne()
    {
        var key = NewKey();
        var other = NewKey();
        await StoreAsync(key, RandomBytes(100));
        await StoreAsync(other, RandomBytes(100));

        (await _store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();
        (await _store.DeleteAsync(key, CancellationToken.None)).ShouldBeFalse();

        (await _store.FindAsync(key, CancellationToken.None)).ShouldBeNull();
        (await _store.FindAsync(other, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task OpenReadStreamsTheStoredBytesAndSeeks()
    {
        var key = NewKey();
        var bytes = RandomBytes(5000);
        await StoreAsync(key, bytes);

        await using var stream = await _store.OpenReadAsync(key, null, CancellationToken.None);

        stream.CanSeek.ShouldBeTrue("ranges are served by seeking");
        stream.Length.ShouldBe(5000);
        stream.Seek(4000, SeekOrigin.Begin);
        var tail = new byte[1000];
        await stream.ReadExactlyAsync(tail);
        tail.ShouldBe(bytes[4000..]);
    }

    [Fact]
    public async Task OpeningARecordingThatIsNotStoredIsAClearError()
    {
        var key = NewKey();

        var ex = await Should.ThrowAsync<FileNotFoundException>(() => _store.OpenReadAsync(key, null, CancellationToken.None));

        ex.Message.ShouldContain(key);
    }

    [Fact]
    public async Task AStreamOpenedBeforeADeleteKeepsReadingItsBytes()
    {
        var key = NewKey();
        var bytes = RandomBytes(3000);
        await StoreAsync(key, bytes);
        await using var stream = await _store.OpenReadAsync(key, null, CancellationToken.None);

        (await _store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();

        var read = new byte[3000];
        await stream.ReadExactlyAsync(read);
        read.ShouldBe(bytes);
    }

    [Fact]
    public async Task FindReturnsNullWhenNothingIsStored()
    {
        (await _store.FindAsync(NewKey(), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task CleanUpLeftoversRemovesPartFilesButNotRunningUploads()
    {
        Directory.CreateDirectory(_store.TempDirectory);
        var leftoverA = Path.Combine(_store.TempDirectory, $"{Guid.NewGuid():N}.part");
        var leftoverB = Path.Combine(_store.TempDirectory, $"{Guid.NewGuid():N}.part");
        await File.WriteAllBytesAsync(leftoverA, RandomBytes(100));
        await File.WriteAllBytesAsync(leftoverB, RandomBytes(100));
        var running = NewKey();
        await using var upload = await _store.BeginUploadAsync(running, CancellationToken.None);
        await upload.Content.WriteAsync(RandomBytes(100));

        var removed = await _store.CleanUpLeftoversAsync(CancellationToken.None);

        removed.ShouldBe(2);
        File.Exists(leftoverA).ShouldBeFalse();
        File.Exists(leftoverB).ShouldBeFalse();
        TempFiles().ShouldHaveSingleItem();
        (await upload.CommitAsync(CancellationToken.None)).Length.ShouldBe(100);
        (await _store.FindAsync(running, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task CleanUpLeftoversWithNothingToDoReturnsZero()
    {
        (await _store.CleanUpLeftoversAsync(CancellationToken.None)).ShouldBe(0);
    }

    public static TheoryData<string> InvalidCallSids => new()
    {
        "",
        "CA123",
        "../../etc/passwd",
        "CA0123456789abcdef0123456789abcdeg",
        "RE0123456789abcdef0123456789abcdef",
        "CA0123456789abcdef0123456789abcdef/..",
        "CA0123456789abcdef0123456789abcde/",
    };

    [Theory]
    [MemberData(nameof(InvalidCallSids))]
    public async Task RejectsAnythingButACallSid(string key)
    {
        await Should.ThrowAsync<ArgumentException>(() => _store.BeginUploadAsync(key, CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => _store.FindAsync(key, CancellationToken.None));
        Directory.Exists(_root).ShouldBeFalse();
    }

    [Fact]
    public void ARelativeStoragePathIsUnderTheContentRoot()
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.ContentRootPath.Returns(_root);

        StorageServiceCollectionExtensions.ResolveStoragePath(new RecordingsOptions { StoragePath = "data/recordings" }, environment)
            .ShouldBe(Path.Combine(_root, "data", "recordings"));
        StorageServiceCollectionExtensions.ResolveStoragePath(new RecordingsOptions { StoragePath = "/var/recordings" }, environment)
            .ShouldBe("/var/recordings");
    }

    [Fact]
    public void AddRecordingStorageRegistersTheStoreUnderTheContentRoot()
    {
        using var provider = BuildProvider(new() { ["Recordings:StoragePath"] = "recs" });

        var store = provider.GetRequiredService<IRecordingStore>().ShouldBeOfType<LocalDiskRecordingStore>();
        store.RootDirectory.ShouldBe(Path.Combine(_root, "recs"));
        provider.GetRequiredService<IOptions<RecordingsOptions>>().Value.RetryAfterSeconds.ShouldBe(2);
    }

    [Theory]
    [InlineData("Recordings:RetryAfterSeconds", "0", "RetryAfterSeconds")]
    [InlineData("Recordings:StoragePath", " ", "StoragePath")]
    public void AddRecordingStorageRejectsInvalidOptions(string key, string value, string named)
    {
        using var provider = BuildProvider(new() { [key] = value });

        var ex = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RecordingsOptions>>().Value);
        ex.Message.ShouldContain(named);
    }

    private ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var environment = Substitute.For<IHostEnvironment>();
        environment.ContentRootPath.Returns(_root);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(environment);
        services.AddRecordingStorage(configuration);
        return services.BuildServiceProvider();
    }

    private async Task<StoredRecording> StoreAsync(string key, byte[] bytes)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(bytes);
        return await upload.CommitAsync(CancellationToken.None);
    }
}
