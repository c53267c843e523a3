using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Storage;

/// <summary>
/// Keeps recordings in an S3-compatible bucket as <c>{Prefix}{storage key}</c> (<c>{businessId}/{recordingSid}.mp3</c>). An upload is a multipart upload, sent
/// in parts of <see cref="S3StorageOptions.PartSizeBytes"/> from one pooled buffer (memory stays flat whatever the
/// size); it becomes an object only on commit, after its length and SHA-256 are known, and the completed object's
/// length is checked. An upload disposed without a commit is aborted; one left by a crash is aborted by
/// <see cref="CleanUpLeftoversAsync"/> once it is older than <see cref="LeftoverAge"/>. Readers get a seekable stream
/// that reads with ranged GETs (ranges are served without fetching the whole object). The bucket is created when missing.
/// </summary>
public sealed partial class S3RecordingStore : IRecordingStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<S3RecordingStore> _logger;

    public S3RecordingStore(IAmazonS3 s3, S3StorageOptions options, TimeProvider time, ILogger<S3RecordingStore> logger)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _s3 = s3;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>How old an unfinished multipart upload must be before a clean-up aborts it (no download runs this long).</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _bucketCheck = new(1, 1);
    private volatile bool _bucketReady;

    public string Bucket => _options.Bucket;

    /// <summary>The object key of a recording's storage key.</summary>
    public string KeyOf(string storageKey)
    {
        if (!RecordingStorageKey.IsValid(storageKey))
        {
            throw new ArgumentException("Not a recording storage key.", nameof(storageKey));
        }

        return _options.Prefix + storageKey;
    }

    public async Task<IRecordingUpload> BeginUploadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var key = KeyOf(storageKey);
        await EnsureBucketAsync(cancellationToken);
        var started = await RecordingStorageException.Guard("start an upload", () => _s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key, ContentType = "audio/mpeg" }, cancellationToken));
        return new Upload(this, key, started.UploadId);
    }

    public async Task<StoredRecordingFile?> FindAsync(string storageKey, CancellationToken cancellationToken)
    {
        var key = KeyOf(storageKey);
        return await RecordingStorageException.Guard("look up a recording", () => HeadAsync(key, cancellationToken));
    }

    private async Task<StoredRecordingFile?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key }, cancellationToken);
            var modified = head.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : _time.GetUtcNow();
            return new StoredRecordingFile(head.ContentLength, modified);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string storageKey, long? knownLength, CancellationToken cancellationToken)
    {
        var key = KeyOf(storageKey);
        // A ready recording's length is known: no HEAD before the ranged GETs (a missing object fails the first read).
        var length = knownLength ?? (await FindAsync(storageKey, cancellationToken)
            ?? throw new FileNotFoundException($"The recording {storageKey} is not stored.", key)).Length;
        return new S3ReadStream(_s3, _options.Bucket, key, length);
    }

    /// <summary>
    /// A presigned GET of the object, valid for <paramref name="validFor"/> (what <see cref="RedirectDelivery"/> answers).
    /// </summary>
    /// <param name="attachmentFileName">When the file is to be saved rather than played: the name the browser saves it as.</param>
    public async Task<Uri> PresignGetAsync(string storageKey, string? attachmentFileName, TimeSpan validFor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(storageKey);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = _time.GetUtcNow().Add(validFor).UtcDateTime,
            // An http endpoint (a store on loopback) signs http URLs; AWS and other https endpoints https ones.
            Protocol = _options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (attachmentFileName is not null)
        {
            // The store answers with this header (response-content-disposition, part of the signature): the browser saves it.
            request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{attachmentFileName}\"";
        }

        var url = await RecordingStorageException.Guard("sign a URL", () => _s3.GetPreSignedURLAsync(request));
        return new Uri(url);
    }

    public async Task<bool> DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        var key = KeyOf(storageKey);
        if (await FindAsync(storageKey, cancellationToken) is null)
        {
            return false;
        }

        await RecordingStorageException.Guard("delete a recording",
            () => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = key }, cancellationToken));
        return true;
    }

    public async Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(cancellationToken);
        var cutoff = _time.GetUtcNow() - LeftoverAge;
        var aborted = 0;
        string? keyMarker = null;
        string? uploadIdMarker = null;
        do
        {
            var page = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = _options.Bucket,
                Prefix = _options.Prefix,
                KeyMarker = keyMarker,
                UploadIdMarker = uploadIdMarker,
            }, cancellationToken);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                // Another node's running upload is younger than this: only what a crash left behind goes.
                if (upload.Initiated is { } initiated && new DateTimeOffset(initiated.ToUniversalTime(), TimeSpan.Zero) < cutoff)
                {
                    await AbortAsync(upload.Key, upload.UploadId, cancellationToken);
                    aborted++;
                }
            }

            keyMarker = page.IsTruncated == true ? page.NextKeyMarker : null;
            uploadIdMarker = page.IsTruncated == true ? page.NextUploadIdMarker : null;
        }
        while (keyMarker is not null);

        if (aborted > 0)
        {
            LogLeftoversAborted(_logger, aborted, _options.Bucket);
        }

        return aborted;
    }

    /// <summary>Creates the bucket when it is missing (once per process; a bucket another node created meanwhile is fine).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketCheck.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            await RecordingStorageException.Guard("create the bucket", async () =>
            {
                try
                {
                    await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket, UseClientRegion = true }, cancellationToken);
                    LogBucketCreated(_logger, _options.Bucket);
                }
                catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                    // It exists: what was wanted.
                }
            });

            _bucketReady = true;
        }
        finally
        {
            _bucketCheck.Release();
        }
    }

    public void Dispose() => _bucketCheck.Dispose();

    private async Task AbortAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key, UploadId = uploadId }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Count} unfinished multipart upload(s) left in {Bucket}")]
    private static partial void LogLeftoversAborted(ILogger logger, int count, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort the multipart upload of {Key}; a clean-up will")]
    private static partial void LogAbortFailed(ILogger logger, Exception exception, string key);

    /// <summary>One multipart upload: parts are sent as the pooled buffer fills; nothing is visible before the commit.</summary>
    private sealed class Upload : IRecordingUpload
    {
        private readonly S3RecordingStore _store;
        private readonly string _key;
        private readonly string _uploadId;
        private readonly PartStream _parts;
        private readonly HashingWriteStream _content;
        private bool _committed;
        private bool _disposed;

        public Upload(S3RecordingStore store, string key, string uploadId)
        {
            _store = store;
            _key = key;
            _uploadId = uploadId;
            _parts = new PartStream(store, key, uploadId);
            _content = new HashingWriteStream(_parts);
        }

        public Stream Content => _content;

        public long Length => _content.BytesWritten;

        public async Task<StoredRecording> CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_committed)
            {
                throw new InvalidOperationException("This upload is already committed.");
            }

            var etags = await _parts.FinishAsync(cancellationToken);
            var stored = new StoredRecording(_content.BytesWritten, _content.HashHex());
            return await RecordingStorageException.Guard("complete an upload", () => CompleteAsync(etags, stored, cancellationToken));
        }

        private async Task<StoredRecording> CompleteAsync(List<PartETag> etags, StoredRecording stored, CancellationToken cancellationToken)
        {
            var s3 = _store._s3;
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _store._options.Bucket,
                Key = _key,
                UploadId = _uploadId,
                PartETags = etags,
            }, cancellationToken);
            _committed = true;

            // The completed object must be exactly what was written; if not, it goes, and the attempt fails.
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _store._options.Bucket, Key = _key }, cancellationToken);
            if (head.ContentLength != stored.Length)
            {
                await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _store._options.Bucket, Key = _key }, cancellationToken);
                throw new IOException($"The stored object is {head.ContentLength} bytes, not the {stored.Length} written; it was removed.");
            }

            return stored;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _parts.ReleaseBuffer();
            if (!_committed)
            {
                try
                {
                    await _store.AbortAsync(_key, _uploadId, CancellationToken.None);
                }
                catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or IOException)
                {
                    LogAbortFailed(_store._logger, ex, _key);
                }
            }
        }
    }

    /// <summary>Buffers the bytes of one part in a pooled array and sends each full part as it fills.</summary>
    private sealed class PartStream(S3RecordingStore store, string key, string uploadId) : Stream
    {
        private readonly List<PartETag> _etags = [];
        private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(store._options.PartSizeBytes);
        private int _filled;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("Write the recording asynchronously (WriteAsync): parts are sent over the network.");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var part = _buffer ?? throw new ObjectDisposedException(nameof(PartStream));
            var partSize = store._options.PartSizeBytes;
            while (!buffer.IsEmpty)
            {
                var take = Math.Min(partSize - _filled, buffer.Length);
                buffer[..take].CopyTo(part.AsMemory(_filled));
                _filled += take;
                buffer = buffer[take..];
                if (_filled == partSize)
                {
                    await SendPartAsync(cancellationToken);
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Sends what is left (the last part; an empty one when nothing was written) and returns every part's ETag.</summary>
        public async Task<List<PartETag>> FinishAsync(CancellationToken cancellationToken)
        {
            if (_filled > 0 || _etags.Count == 0)
            {
                await SendPartAsync(cancellationToken);
            }

            return _etags;
        }

        public void ReleaseBuffer()
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task SendPartAsync(CancellationToken cancellationToken)
        {
            var number = _etags.Count + 1;
            using var body = new MemoryStream(_buffer!, 0, _filled, writable: false);
            var response = await RecordingStorageException.Guard("store a part of an upload", () => store._s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = store._options.Bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = number,
                PartSize = _filled,
                InputStream = body,
                // Swift's s3api (and some other stores) refuse aws-chunked payloads.
                UseChunkEncoding = false,
            }, cancellationToken));
            _etags.Add(new PartETag(number, response.ETag));
            _filled = 0;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                ReleaseBuffer();
            }

            base.Dispose(disposing);
        }
    }
}
