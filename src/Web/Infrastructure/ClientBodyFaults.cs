namespace Recordings.Web.Infrastructure;

/// <summary>
/// A request body that breaks while it is read (a chunk size that overflows, a chunk that does not end where it says,
/// a client that stops mid-upload) is the client's fault. Kestrel reports some of these as a plain
/// <see cref="IOException"/>; this middleware turns every such failure, whoever reads the body (JSON, a form, a
/// signature check), into a <see cref="BadHttpRequestException"/>: a 400 problem document (or no answer when the client
/// is gone), logged at Information by the request log, never an unhandled 500.
/// </summary>
public sealed class ClientBodyFaults(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            request.Body = new GuardedBody(request.Body);
        }

        return next(context);
    }

    private static BadHttpRequestException Unreadable(IOException inner) =>
        new("The request body could not be read: it is malformed or was cut off.", StatusCodes.Status400BadRequest, inner);

    /// <summary>The request body, read through, with its transport faults reported as the client's.</summary>
    private sealed class GuardedBody(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                throw Unreadable(ex);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                throw Unreadable(ex);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
