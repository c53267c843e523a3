using Recordings.Infrastructure.Storage;

namespace Recordings.Testing;

/// <summary>
/// The real S3-compatible store of the tests (OpenStack Swift's S3 API, which ./test.sh starts on loopback): its
/// endpoint comes from RECORDINGS_TEST_S3; without it the test fails loudly (it never passes without a store).
/// </summary>
public static class TestObjectStore
{
    public const string EndpointVariable = "RECORDINGS_TEST_S3";

    public const string AccessKey = "test:tester";

    public const string SecretKey = "testing";

    public static string Endpoint =>
        Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EndpointVariable} is not set. These tests need a real S3-compatible store: run ./test.sh, which starts " +
                $"OpenStack Swift on loopback, or set {EndpointVariable}=http://127.0.0.1:PORT (access key {AccessKey}, secret {SecretKey}).");

    /// <summary>Settings for a bucket of the test's own (created on first use).</summary>
    public static S3StorageOptions Options(string bucket) => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Bucket = bucket,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        ForcePathStyle = true,
    };

    /// <summary>A bucket name unique to this run.</summary>
    public static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 13)];
}
