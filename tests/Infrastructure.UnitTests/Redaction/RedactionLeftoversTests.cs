using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Infrastructure.Redaction;

namespace Recordings.Infrastructure.UnitTests.Redaction;

/// <summary>The working folders of redactions a stopped process left: removed at start-up, once surely not in use.</summary>
public sealed class RedactionLeftoversTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("redaction-leftovers-tests-");

    public void Dispose() => _root.Delete(recursive: true);

    private RedactionLeftovers Sweep(TimeSpan timeout, string? root = null) => new(
        Options.Create(new FfmpegAudioRedactorOptions { Timeout = timeout }), new FakeTimeProvider(Now), NullLogger<RedactionLeftovers>.Instance)
    {
        TempRoot = root ?? _root.FullName,
    };

    private DirectoryInfo Folder(string name, TimeSpan age)
    {
        var folder = _root.CreateSubdirectory(name);
        File.WriteAllBytes(Path.Combine(folder.FullName, "original.mp3"), [0xFF, 0xFB]);
        folder.LastWriteTimeUtc = (Now - age).UtcDateTime;
        return folder;
    }

    [Fact]
    public async Task AFolderUntouchedForTwiceTheTimeoutIsRemovedWithTheOriginalInIt()
    {
        var left = Folder(FfmpegAudioRedactor.WorkingFolderPrefix + "abc123", TimeSpan.FromMinutes(61));

        await Sweep(TimeSpan.FromMinutes(30)).StartAsync(CancellationToken.None);

        Directory.Exists(left.FullName).ShouldBeFalse();
    }

    [Fact]
    public void AFolderThatMayBelongToARunningRedactionStays()
    {
        // Another node on the same machine may be redacting: its folder is younger than twice the timeout.
        var running = Folder(FfmpegAudioRedactor.WorkingFolderPrefix + "running", TimeSpan.FromMinutes(59));

        Sweep(TimeSpan.FromMinutes(30)).RemoveLeftovers().ShouldBe(0);

        File.Exists(Path.Combine(running.FullName, "original.mp3")).ShouldBeTrue();
    }

    [Fact]
    public void OnlyRedactionFoldersAreTouched()
    {
        var other = Folder("something-else", TimeSpan.FromDays(3));
        Folder(FfmpegAudioRedactor.WorkingFolderPrefix + "old1", TimeSpan.FromDays(3));
        Folder(FfmpegAudioRedactor.WorkingFolderPrefix + "old2", TimeSpan.FromHours(2));

        Sweep(TimeSpan.FromMinutes(30)).RemoveLeftovers().ShouldBe(2);

        Directory.Exists(other.FullName).ShouldBeTrue();
        _root.GetDirectories().Select(d => d.Name).ShouldBe(["something-else"]);
    }

    [Fact]
    public void AMissingTempFolderRemovesNothingAndDoesNotStopTheStart()
    {
        Sweep(new FfmpegAudioRedactorOptions().Timeout, Path.Combine(_root.FullName, "not-there")).RemoveLeftovers().ShouldBe(0);
    }
}
