using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Storage;

/// <summary>
/// Keeps recordings as <c>{root}/{storage key}</c> (<c>{businessId}/{recordingSid}.mp3</c>). An upload writes
/// <c>{root}/.tmp/{guid}.part</c> and, once committed, renames it into place (an atomic replace on one file system), so
/// a reader only ever sees a complete file. Paths are built from valid storage keys only.
/// </summary>
public sealed partial class LocalDiskRecordingStore : IRecordingStore
{
    /// <summary>The folder, under the root, that holds uploads in progress.</summary>
    public const string TempFolderName = ".tmp";

    internal const string TempFileExtension = ".part";

    private const int FileBufferSize = 64 * 1024;

    private readonly ILogger<LocalDiskRecordingStore> _logger;

    // Temporary files of uploads running in this process: CleanUpLeftoversAsync leaves them alone.
    private readonly ConcurrentDictionary<string, byte> _activeUploads = new(StringComparer.Ordinal);

    /// <param name="rootDirectory">The storage folder (made absolute here; created on the first upload).</param>
    /// <param name="logger">Where clean-ups are reported.</param>
    public LocalDiskRecordingStore(string rootDirectory, ILogger<LocalDiskRecordingStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(logger);

        RootDirectory = Path.GetFullPath(rootDirectory);
        TempDirectory = Path.Combine(RootDirectory, TempFolderName);
        _logger = logger;
    }

    /// <summary>The absolute storage folder.</summary>
    public string RootDirectory { get; }

    /// <summary>The absolute folder of uploads in progress.</summary>
    public string TempDirectory { get; }

    /// <summary>Where the complete recording stored under <paramref name="storageKey"/> lives (whether or not it exists).</summary>
    public string FinalPath(string key)
    {
        if (!RecordingStorageKey.IsValid(key))
        {
            throw new ArgumentException("Not a recording storage key.", nameof(key));
        }

        return Path.Combine(RootDirectory, key);
    }

    public Task<IRecordingUpload> BeginUploadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var finalPath = FinalPath(storageKey);
        cancellationToken.ThrowIfCancellationRequested();

        Directory.CreateDirectory(TempDirectory);
        var tempPath = Path.Combine(TempDirectory, $"{Guid.NewGuid():N}{TempFileExtension}");
        var file = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = FileBufferSize,
        });

        _activeUploads.TryAdd(tempPath, 0);
        return Task.FromResult<IRecordingUpload>(new Upload(this, file, tempPath, finalPath));
    }

    public Task<StoredRecordingFile?> FindAsync(string storageKey, CancellationToken cancellationToken)
    {
        var info = new FileInfo(FinalPath(storageKey));
        return Task.FromResult(info.Exists
            ? new StoredRecordingFile(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero))
            : null);
    }

    public Task<Stream> OpenReadAsync(string storageKey, long? knownLength, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = FinalPath(storageKey);

        // Readers share the file with each other and with a delete (a release replaces nothing in place: uploads
        // are moved into place whole), so an open stream keeps reading the bytes it started with. Unbuffered: every
        // reader reads in large blocks (copies, ffmpeg's input, the vault's chunks), and a range read of a few bytes
        // reads those bytes, not a buffer's worth.
        Stream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"The recording {storageKey} is not stored.", Path.GetFileName(path), e);
        }

        return Task.FromResult(stream);
    }

    public Task<bool> DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        var path = FinalPath(storageKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(TempDirectory))
        {
            return Task.FromResult(0);
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(TempDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_activeUploads.ContainsKey(path))
            {
                continue;
            }

            if (TryDelete(path))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            LogLeftoversRemoved(_logger, removed, TempDirectory);
        }

        return Task.FromResult(removed);
    }

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, ex, Path.GetFileName(path));
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} leftover temporary recording file(s) from {Directory}")]
    private static partial void LogLeftoversRemoved(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the temporary recording file {FileName}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string fileName);

    private sealed class Upload(LocalDiskRecordingStore store, FileStream file, string tempPath, string finalPath) : IRecordingUpload
    {
        private readonly HashingWriteStream _content = new(file);
        private bool _committed;
        private bool _disposed;

        public Stream Content => _content;

        public long Length => _content.BytesWritten;

        public async Task<StoredRecording> CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_committed)
            {
                throw new InvalidOperationException("This upload is already committed.");
            }

            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            await file.DisposeAsync();

            var stored = new StoredRecording(_content.BytesWritten, _content.HashHex());
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            File.Move(tempPath, finalPath, overwrite: true);
            _committed = true;
            store._activeUploads.TryRemove(tempPath, out _);
            return stored;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _content.DisposeAsync();
            if (!_committed)
            {
                store.TryDelete(tempPath);
                store._activeUploads.TryRemove(tempPath, out _);
            }
        }
    }
}
