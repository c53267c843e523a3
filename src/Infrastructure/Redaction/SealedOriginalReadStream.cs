using System.Security.Cryptography;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Redaction;

/// <summary>
/// A sealed original's plaintext, decrypted one chunk at a time as it is read (format: <see cref="AesGcmOriginalVault"/>).
/// Its length is known before anything is read; it seeks when the sealed stream does, reading only the chunks a range
/// touches. No byte of a chunk is returned before the chunk's tag is checked. Owns the sealed stream and the data key.
/// </summary>
internal sealed class SealedOriginalReadStream : Stream
{
    private const int ChunkSize = AesGcmOriginalVault.ChunkSize;
    private const int SealedChunkSize = ChunkSize + AesGcmOriginalVault.TagSize;

    private readonly Stream _sealed;
    private readonly byte[] _dataKey;
    private readonly AesGcm _aes;
    private readonly long _sealedLength;
    private readonly long _length;
    private readonly long _chunks;
    private readonly byte[] _header = new byte[AesGcmOriginalVault.HeaderSize];
    private readonly byte[] _sealedChunk = new byte[SealedChunkSize];
    private readonly byte[] _chunk = new byte[ChunkSize];
    private readonly long _start;
    private bool _headerRead;
    private long _chunkIndex = -1;
    private int _chunkLength;
    private long _sealedPosition;
    private long _position;
    private bool _disposed;

    public SealedOriginalReadStream(Stream sealedStream, byte[] dataKey, long sealedLength, long plaintextLength)
    {
        _sealed = sealedStream;
        _dataKey = dataKey;
        _aes = new AesGcm(dataKey, AesGcmOriginalVault.TagSize);
        _sealedLength = sealedLength;
        _length = plaintextLength;
        _chunks = (sealedLength - AesGcmOriginalVault.HeaderSize + SealedChunkSize - 1) / SealedChunkSize;
        _start = sealedStream.CanSeek ? sealedStream.Position : 0;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed && _sealed.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_sealed.CanSeek)
        {
            throw new NotSupportedException("The sealed original's stream does not seek.");
        }

        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length == 0 || _position >= _length)
        {
            return 0;
        }

        // Synchronous reads of the sealed stream: the task is complete when it returns.
        var loading = LoadCurrentChunkAsync(sync: true, CancellationToken.None);
        if (!loading.IsCompleted)
        {
            throw new InvalidOperationException("A synchronous chunk load did not complete synchronously.");
        }

        loading.GetAwaiter().GetResult();
        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length == 0 || _position >= _length)
        {
            return 0;
        }

        await LoadCurrentChunkAsync(sync: false, cancellationToken).ConfigureAwait(false);
        return CopyOut(buffer.Span);
    }

    /// <summary>Copies from the loaded chunk (the one holding the position) to the caller's buffer.</summary>
    private int CopyOut(Span<byte> buffer)
    {
        var within = (int)(_position - (_chunkIndex * ChunkSize));
        var n = Math.Min(buffer.Length, _chunkLength - within);
        _chunk.AsSpan(within, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    private ValueTask LoadCurrentChunkAsync(bool sync, CancellationToken cancellationToken)
    {
        var index = _position / ChunkSize;
        return index == _chunkIndex ? ValueTask.CompletedTask : LoadChunkAsync(index, sync, cancellationToken);
    }

    private async ValueTask LoadChunkAsync(long index, bool sync, CancellationToken cancellationToken)
    {
        if (!_headerRead)
        {
            await ReadExactlyAsync(_header, sync, cancellationToken).ConfigureAwait(false);
            AesGcmOriginalVault.CheckHeader(_header);
            _headerRead = true;
        }

        var at = AesGcmOriginalVault.HeaderSize + (index * SealedChunkSize);
        if (at != _sealedPosition)
        {
            if (!_sealed.CanSeek)
            {
                throw new NotSupportedException("The sealed original's stream does not seek: it is read from start to end.");
            }

            _sealed.Position = _start + at;
            _sealedPosition = at;
        }

        var final = index == _chunks - 1;
        var sealedLength = (int)(final ? _sealedLength - at : SealedChunkSize);
        _chunkIndex = -1;
        await ReadExactlyAsync(_sealedChunk.AsMemory(0, sealedLength), sync, cancellationToken).ConfigureAwait(false);
        AesGcmOriginalVault.OpenChunk(_aes, _header, index, final, _sealedChunk.AsSpan(0, sealedLength), _chunk);
        _chunkLength = sealedLength - AesGcmOriginalVault.TagSize;
        _chunkIndex = index;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, bool sync, CancellationToken cancellationToken)
    {
        try
        {
            if (sync)
            {
                _sealed.ReadExactly(buffer.Span);
            }
            else
            {
                await _sealed.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new OriginalVaultException("The sealed original ends before its length says: it was cut.", ex);
        }

        _sealedPosition += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_dataKey);
            CryptographicOperations.ZeroMemory(_chunk);
            _sealed.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_dataKey);
            CryptographicOperations.ZeroMemory(_chunk);
            await _sealed.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public override string ToString() => $"SealedOriginalReadStream {{ Length = {_length} }}";
}
