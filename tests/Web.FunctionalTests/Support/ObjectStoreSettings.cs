using Microsoft.AspNetCore.Hosting;
using Recordings.Testing;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>Points an app under test at a bucket of the tests' real S3-compatible store.</summary>
public static class ObjectStoreSettings
{
    public static Dictionary<string, string> Bucket(string bucket, string secretKey = TestObjectStore.SecretKey) => new()
    {
        ["Recordings:Storage:Provider"] = "s3",
        ["Recordings:Storage:S3:ServiceUrl"] = TestObjectStore.Endpoint,
        ["Recordings:Storage:S3:Bucket"] = bucket,
        ["Recordings:Storage:S3:AccessKey"] = TestObjectStore.AccessKey,
        ["Recordings:Storage:S3:SecretKey"] = secretKey,
    };

    public static void UseBucket(this IWebHostBuilder builder, string bucket, string secretKey = TestObjectStore.SecretKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in Bucket(bucket, secretKey))
        {
            builder.UseSetting(key, value);
        }
    }
}
