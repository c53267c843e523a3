using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Recordings.Infrastructure.Redaction;

/// <summary>
/// At start-up, removes the working folders of redactions that a stopped process left in the temporary folder
/// (<see cref="FfmpegAudioRedactor.WorkingFolderPrefix"/>): each holds a copy of an original recording, the audio that
/// redaction exists to remove. <see cref="FfmpegAudioRedactor"/> removes its folder when a redaction ends; only a
/// process that died in the middle leaves one.
/// </summary>
/// <remarks>
/// Several nodes may share one temporary folder, and another node's redaction may be running: only folders untouched
/// for twice the redaction timeout (a running redaction is stopped at its timeout) are removed. A folder that cannot
/// be removed is logged and left; the start goes on.
/// </remarks>
public sealed partial class RedactionLeftovers(
    IOptions<FfmpegAudioRedactorOptions> options, TimeProvider time, ILogger<RedactionLeftovers> logger) : IHostedService
{
    /// <summary>Where the working folders are; the system's temporary folder unless a test says otherwise.</summary>
    public string TempRoot { get; init; } = Path.GetTempPath();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RemoveLeftovers();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Removes the left working folders; returns how many.</summary>
    public int RemoveLeftovers()
    {
        var before = (time.GetUtcNow() - 2 * options.Value.Timeout).UtcDateTime;
        var removed = 0;
        List<DirectoryInfo> folders;
        try
        {
            folders = new DirectoryInfo(TempRoot).EnumerateDirectories(FfmpegAudioRedactor.WorkingFolderPrefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCannotList(logger, ex);
            return 0;
        }

        foreach (var folder in folders)
        {
            try
            {
                if (folder.LastWriteTimeUtc < before)
                {
                    folder.Delete(recursive: true);
                    removed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCannotRemove(logger, folder.FullName, ex);
            }
        }

        if (removed > 0)
        {
            LogRemoved(logger, removed);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} working folder(s) of redactions a stopped process left behind")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the left working folder of a redaction {Folder}")]
    private static partial void LogCannotRemove(ILogger logger, string folder, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for left working folders of redactions")]
    private static partial void LogCannotList(ILogger logger, Exception exception);
}
