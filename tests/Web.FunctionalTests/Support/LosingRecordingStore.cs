using System.Collections.Concurrent;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// The app's recording store, except that it loses the next stored copy of the recordings a test names, the moment the
/// download has committed it: the database says ready, and the file is not there (storage moved, or restored without
/// it), before any step of the pipeline has read it.
/// </summary>
public sealed class LosingRecordingStore(IRecordingStore inner) : IRecordingStore
{
    private readonly ConcurrentDictionary<string, bool> _toLose = new();

    /// <summary>The next copy of this recording the app stores is gone right after it is stored.</summary>
    public void LoseNextCopyOf(string recordingSid) => _toLose[recordingSid] = true;

    public async Task<IRecordingUpload> BeginUploadAsync(string storageKey, CancellationToken cancellationToken) =>
        new Upload(this, storageKey, await inner.BeginUploadAsync(storageKey, cancellationToken));

    public Task<StoredRecordingFile?> FindAsync(string storageKey, CancellationToken cancellationToken) => inner.FindAsync(storageKey, cancellationToken);

    public Task<Stream> OpenReadAsync(string storageKey, long? knownLength, CancellationToken cancellationToken) =>
        inner.OpenReadAsync(storageKey, knownLength, cancellationToken);

    public Task<bool> DeleteAsync(string storageKey, CancellationToken cancellationToken) => inner.DeleteAsync(storageKey, cancellationToken);

    public Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken) => inner.CleanUpLeftoversAsync(cancellationToken);

    private sealed class Upload(LosingRecordingStore store, string storageKey, IRecordingUpload upload) : IRecordingUpload
    {
        public Stream Content => upload.Content;

        public long Length => upload.Length;

        public async Task<StoredRecording> CommitAsync(CancellationToken cancellationToken)
        {
            var stored = await upload.CommitAsync(cancellationToken);
            // Keys are {businessId}/{recordingSid}.mp3.
            if (store._toLose.TryRemove(Path.GetFileNameWithoutExtension(storageKey), out _))
            {
                (await store.DeleteAsync(storageKey, cancellationToken)).ShouldBeTrue();
            }

            return stored;
        }

        public ValueTask DisposeAsync() => upload.DisposeAsync();
    }
}
