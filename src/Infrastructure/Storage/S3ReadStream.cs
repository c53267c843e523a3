using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Recordings.Infrastructure.Storage;

/// <summary>
/// A stored object as a seekable, read-only stream: each read continues one ranged GET from the current position, and
/// a seek drops it, so that serving a range fetches that range only (ASP.NET Core seeks to a range's start, then reads
/// its length).
/// </summary>
internal sealed class S3ReadStream(IAmazonS3 s3, string bucket, string key, long length) : Stream
{
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the start of the recording.");
        }

        if (target != _position)
        {
            CloseBody();
            _position = target;
        }

        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        if (_body is null)
        {
            _response = await RecordingStorageException.Guard("read a recording", () => GetAsync(cancellationToken));
            _body = _response.ResponseStream;
        }

        var read = await _body.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            throw new IOException($"The recording ended after {_position} of {length} bytes.");
        }

        _position += read;
        return read;
    }

    /// <summary>
    /// The rest of the object from the current position. An object that is not there (removed behind the app's back) is
    /// a <see cref="FileNotFoundException"/>, as a file missing from a disk, not a fault of the store: the stream is
    /// opened without looking the object up first, so its first read is where its absence shows.
    /// </summary>
    private async Task<GetObjectResponse> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ByteRange = new ByteRange(_position, length - 1),
            }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == "NoSuchKey")
        {
            throw new FileNotFoundException($"The recording {key} is not stored.", key, ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBody();
        }

        base.Dispose(disposing);
    }
}
