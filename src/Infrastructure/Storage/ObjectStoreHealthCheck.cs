using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recordings.Infrastructure.Storage;

/// <summary>
/// Readiness of the object store (provider <c>s3</c>): the bucket exists (or can be created) and answers a listing
/// with these keys. A store that is unreachable or refuses the keys makes <c>/health/ready</c> unhealthy, with why.
/// </summary>
public sealed class ObjectStoreHealthCheck(S3RecordingStore store, IAmazonS3 s3) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.EnsureBucketAsync(cancellationToken);
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = store.Bucket, MaxKeys = 1 }, cancellationToken);
            return HealthCheckResult.Healthy($"The bucket {store.Bucket} answers.");
        }
        catch (Exception ex) when (ex is AmazonS3Exception or Amazon.Runtime.AmazonServiceException or HttpRequestException or IOException)
        {
            return HealthCheckResult.Unhealthy($"The object store does not serve the bucket {store.Bucket}: {ex.Message}");
        }
    }
}
