using System.ComponentModel.DataAnnotations;

namespace Recordings.Infrastructure.Storage;

/// <summary>The <c>Recordings:Storage</c> configuration section: where recordings are kept.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Recordings:Storage";

    public const string Local = "local";

    public const string S3 = "s3";

    public const string Proxy = "proxy";

    public const string Redirect = "redirect";

    public const string Accel = "accel";

    /// <summary><c>local</c> (the folder <c>Recordings:StoragePath</c>) or <c>s3</c> (any S3-compatible store).</summary>
    [RegularExpression("^(local|s3)$", ErrorMessage = "Recordings:Storage:Provider must be local or s3.")]
    public string Provider { get; set; } = Local;

    /// <summary>
    /// How a ready recording's bytes reach the browser: <c>proxy</c> (the app streams them, from either provider),
    /// <c>redirect</c> (s3 only: GET answers 307 to a presigned URL of the object, after the session and tenant checks)
    /// or <c>accel</c> (local only, behind nginx: GET answers the headers and <c>X-Accel-Redirect</c>, nginx sends the file).
    /// </summary>
    [RegularExpression("^(proxy|redirect|accel)$", ErrorMessage = "Recordings:Storage:Delivery must be proxy, redirect or accel.")]
    public string Delivery { get; set; } = Proxy;

    /// <summary>
    /// With <c>accel</c>: the start of the path in <c>X-Accel-Redirect</c>, which nginx maps (an <c>internal</c>
    /// location with <c>alias</c>) to <c>Recordings:StoragePath</c>.
    /// </summary>
    [RegularExpression("^/([A-Za-z0-9_.-]+/)*$", ErrorMessage = "Recordings:Storage:AccelPrefix must be an absolute path ending with / (letters, digits, _ . -), e.g. /internal-recordings/.")]
    public string AccelPrefix { get; set; } = "/internal-recordings/";

    /// <summary>How long a presigned URL of the <c>redirect</c> delivery stays valid.</summary>
    [Range(1, 7 * 24 * 3600, ErrorMessage = "Recordings:Storage:PresignedUrlSeconds must be between 1 and 604800 (7 days).")]
    public int PresignedUrlSeconds { get; set; } = 300;

    public bool Redirects => string.Equals(Delivery, Redirect, StringComparison.OrdinalIgnoreCase);

    public bool Accelerates => string.Equals(Delivery, Accel, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What annotations cannot say: <c>redirect</c> needs an object store to redirect to, <c>accel</c> a disk nginx reads.</summary>
public sealed class StorageOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<StorageOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s3 = string.Equals(options.Provider, StorageOptions.S3, StringComparison.OrdinalIgnoreCase);
        if (options.Redirects && !s3)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                "Recordings:Storage:Delivery = redirect needs Recordings:Storage:Provider = s3: there is nothing to redirect to on a local disk.");
        }

        if (options.Accelerates && s3)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                "Recordings:Storage:Delivery = accel needs Recordings:Storage:Provider = local: nginx sends files from a disk it can read. With s3, use redirect.");
        }

        return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }
}

/// <summary>The <c>Recordings:Storage:S3</c> section: any S3-compatible store (AWS S3, MinIO, Ceph RGW, Swift's s3api).</summary>
public sealed class S3StorageOptions
{
    public const string SectionName = "Recordings:Storage:S3";

    /// <summary>The store's endpoint, e.g. <c>http://127.0.0.1:8080</c> (empty for AWS itself, which the region locates).</summary>
    public string? ServiceUrl { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Recordings:Storage:S3:Region is required.")]
    public string Region { get; set; } = "us-east-1";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Recordings:Storage:S3:Bucket is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Recordings:Storage:S3:Bucket must be a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens).")]
    public string Bucket { get; set; } = "recordings";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Recordings:Storage:S3:AccessKey is required.")]
    public string AccessKey { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Recordings:Storage:S3:SecretKey is required.")]
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Path-style addressing (<c>{ServiceUrl}/{bucket}/{key}</c>): what most S3-compatible stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>A prefix of every object key (e.g. <c>prod/</c>), to share a bucket.</summary>
    [RegularExpression("^[A-Za-z0-9/_.-]*$", ErrorMessage = "Recordings:Storage:S3:Prefix may hold letters, digits and / _ . - only.")]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>
    /// The origin browsers fetch presigned URLs from (for the pages' Content-Security-Policy): the endpoint's origin, or
    /// AWS's hosts when there is no endpoint.
    /// </summary>
    public string PublicOrigin =>
        Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "https://*.amazonaws.com";

    /// <summary>The size of each part of a multipart upload (memory per running upload); at least 5 MiB, S3's minimum.</summary>
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024, ErrorMessage = "Recordings:Storage:S3:PartSizeBytes must be between 5 MiB and 512 MiB.")]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;
}
