using Microsoft.AspNetCore.Hosting;
using Recordings.Testing;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>Points an app under test at a bucket of the tests' real S3-compatible store.</summary>
public static class ObjectStoreSettings
{
    public static void UseBucket(this IWebHostBuilder builder, string bucket, string secretKey = TestObjectStore.SecretKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Recordings:Storage:Provider", "s3");
        builder.UseSetting("Recordings:Storage:S3:ServiceUrl", TestObjectStore.Endpoint);
        builder.UseSetting("Recordings:Storage:S3:Bucket", bucket);
        builder.UseSetting("Recordings:Storage:S3:AccessKey", TestObjectStore.AccessKey);
        builder.UseSetting("Recordings:Storage:S3:SecretKey", secretKey);
    }
}
