using System.ComponentModel.DataAnnotations;

namespace Recordings.Infrastructure.Storage;

/// <summary>The <c>Recordings:Storage</c> configuration section: where recordings are kept.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Recordings:Storage";

    public const string Local = "local";

    public const string S3 = "s3";

    /// <summary><c>local</c> (the folder <c>Recordings:StoragePath</c>) or <c>s3</c> (any S3-compatible store).</summary>
    [RegularExpression("^(local|s3)$", ErrorMessage = "Recordings:Storage:Provider must be local or s3.")]
    public string Provider { get; set; } = Local;
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

    /// <summary>The size of each part of a multipart upload (memory per running upload); at least 5 MiB, S3's minimum.</summary>
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024, ErrorMessage = "Recordings:Storage:S3:PartSizeBytes must be between 5 MiB and 512 MiB.")]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;
}
