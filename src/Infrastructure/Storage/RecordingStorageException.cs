using Amazon.Runtime;

namespace Recordings.Infrastructure.Storage;

/// <summary>
/// The recording storage failed (the object store refused or did not answer). An <see cref="IOException"/>, like a
/// failing disk, so that every caller treats both the same: a download attempt is retried and then fails with a
/// sentence, a request is answered 503.
/// </summary>
public sealed class RecordingStorageException(string message, Exception innerException) : IOException(message, innerException)
{
    /// <summary>Runs one call to the object store, turning its faults into <see cref="RecordingStorageException"/>.</summary>
    internal static async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsStoreFault(ex))
        {
            throw new RecordingStorageException($"The object store failed to {what}.", ex);
        }
    }

    internal static async Task Guard(string what, Func<Task> call) =>
        await Guard(what, async () =>
        {
            await call();
            return true;
        });

    /// <summary>An error the S3 client reports (refused, signature, missing bucket, unreachable).</summary>
    internal static bool IsStoreFault(Exception ex) => ex is AmazonServiceException or AmazonClientException or HttpRequestException;
}
