using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Storage;

/// <summary><c>Delivery = proxy</c> (the default, either provider): the app streams the bytes itself.</summary>
public sealed class ProxyDelivery : IRecordingDelivery
{
    public ValueTask<DeliveryRoute> RouteAsync(string storageKey, string? attachmentFileName, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DeliveryRoute.Proxy);
}

/// <summary>
/// <c>Delivery = accel</c> (local disk, behind nginx): the headers and <c>X-Accel-Redirect: {AccelPrefix}{storage key}</c>,
/// the key being the path relative to the storage folder, which nginx maps (an <c>internal</c> location with <c>alias</c>).
/// </summary>
public sealed class AccelDelivery(StorageOptions options) : IRecordingDelivery
{
    public ValueTask<DeliveryRoute> RouteAsync(string storageKey, string? attachmentFileName, CancellationToken cancellationToken)
    {
        if (!RecordingStorageKey.IsValid(storageKey))
        {
            throw new ArgumentException("Not a recording storage key.", nameof(storageKey));
        }

        return ValueTask.FromResult(new DeliveryRoute(InternalRedirect: options.AccelPrefix + storageKey));
    }
}

/// <summary>
/// <c>Delivery = redirect</c> (s3): a presigned GET of the object, valid for <c>PresignedUrlSeconds</c>; the browser
/// reads the bytes (ranges included) from the object store.
/// </summary>
public sealed class RedirectDelivery(S3RecordingStore store, StorageOptions options) : IRecordingDelivery
{
    public async ValueTask<DeliveryRoute> RouteAsync(string storageKey, string? attachmentFileName, CancellationToken cancellationToken) =>
        new(DirectUrl: await store.PresignGetAsync(storageKey, attachmentFileName, TimeSpan.FromSeconds(options.PresignedUrlSeconds), cancellationToken));
}
