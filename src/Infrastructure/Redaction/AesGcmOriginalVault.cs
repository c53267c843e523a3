using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Redaction;

/// <summary>
/// Seals originals with AES-256-GCM (<see cref="AesGcm"/>) in chunks, under a random data key per recording that the
/// master key wraps.
/// </summary>
/// <remarks>
/// <para>
/// Sealed format (version 1): a 12-byte header, <c>"RCOV"</c>, version 1, log2 of the chunk size (16: 64 KiB), two zero
/// bytes, a 4-byte random nonce prefix; then the chunks, each its ciphertext followed by its 16-byte tag. Every chunk
/// but the last holds exactly a chunk of plaintext; the last holds 1 to a chunk (exactly one empty chunk for an empty
/// original). Chunk i is sealed with the nonce <c>prefix ‖ i</c> (8 bytes, big-endian) and the associated data
/// <c>header ‖ i ‖ final</c> (final: 1 for the last chunk, else 0). So an altered byte, header included, fails its chunk's
/// tag; chunks swapped or moved fail (their index is in the nonce and the associated data); a file cut at a chunk
/// boundary fails (its new last chunk was sealed as not final), and so does one cut elsewhere or lengthened. The
/// plaintext's length follows from the sealed length alone (<see cref="PlaintextLength"/>), so a reader knows it
/// before decrypting anything, and can seek to any chunk (ranges). Memory: two chunks while sealing, one while reading.
/// </para>
/// <para>
/// Wrapped data key: AES-256-GCM of the 32-byte data key under the master key, with a random 12-byte nonce and the
/// associated data <c>"recordings/original-key/v1" ‖ 0 ‖ keyId ‖ 0 ‖ recordingId</c> (UTF-8): stored as
/// <c>nonce ‖ ciphertext ‖ tag</c> (60 bytes) with the master key's id (<see cref="WrappedDataKey.Encode"/>). A wrapped key
/// opens only for the recording it was made for, and only with the master key its id names.
/// </para>
/// <para>
/// Rotation: put the new key in <c>Redaction:MasterKey</c> and move the old one to <c>Redaction:PreviousMasterKeys</c>;
/// originals stay readable at once. Then, for each stored wrapped key where <see cref="NeedsRewrap"/> is true, call
/// <see cref="Rewrap"/> and store the result in place of the old one (the sealed bytes never change: only 60 bytes per
/// recording are rewritten). Once no row names the old key id, remove it from <c>PreviousMasterKeys</c>.
/// </para>
/// </remarks>
public sealed class AesGcmOriginalVault(MasterKeyRing keys) : IOriginalVault
{
    public const int ChunkSizeLog2 = 16;
    public const int ChunkSize = 1 << ChunkSizeLog2;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int HeaderSize = 12;
    public const int DataKeySize = 32;

    private static readonly byte[] Magic = "RCOV"u8.ToArray();
    private const byte FormatVersion = 1;
    private static readonly byte[] KeyLabel = "recordings/original-key/v1"u8.ToArray();

    public async Task<SealedOriginal> SealAsync(Stream original, Stream destination, string recordingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(recordingId);

        var dataKey = RandomNumberGenerator.GetBytes(DataKeySize);
        try
        {
            var header = new byte[HeaderSize];
            Magic.CopyTo(header, 0);
            header[4] = FormatVersion;
            header[5] = ChunkSizeLog2;
            RandomNumberGenerator.Fill(header.AsSpan(8, 4));
            await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);

            using var aes = new AesGcm(dataKey, TagSize);
            var current = new byte[ChunkSize];
            var next = new byte[ChunkSize];
            var sealedChunk = new byte[ChunkSize + TagSize];
            var currentLength = await original.ReadAtLeastAsync(current, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            long plaintext = 0;
            long sealedLength = HeaderSize;
            for (long index = 0; ; index++)
            {
                var nextLength = currentLength == ChunkSize
                    ? await original.ReadAtLeastAsync(next, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var final = nextLength == 0;
                SealChunk(aes, header, index, final, current.AsSpan(0, currentLength), sealedChunk.AsSpan(0, currentLength + TagSize));
                await destination.WriteAsync(sealedChunk.AsMemory(0, currentLength + TagSize), cancellationToken).ConfigureAwait(false);
                plaintext += currentLength;
                sealedLength += currentLength + TagSize;
                if (final)
                {
                    break;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }

            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
            return new SealedOriginal(Wrap(dataKey, keys.CurrentKeyId, keys.Current, recordingId), plaintext, sealedLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public Stream Open(Stream sealedOriginal, long sealedLength, WrappedDataKey key, string recordingId)
    {
        ArgumentNullException.ThrowIfNull(sealedOriginal);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(recordingId);
        if (PlaintextLength(sealedLength) is not { } plaintext)
        {
            throw new OriginalVaultException($"The sealed original's length ({sealedLength} bytes) is not one a vault writes: it was cut or lengthened.");
        }

        var dataKey = Unwrap(key, recordingId);
        return new SealedOriginalReadStream(sealedOriginal, dataKey, sealedLength, plaintext);
    }

    public bool NeedsRewrap(WrappedDataKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeyId != keys.CurrentKeyId;
    }

    public WrappedDataKey Rewrap(WrappedDataKey key, string recordingId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(recordingId);
        var dataKey = Unwrap(key, recordingId);
        try
        {
            return NeedsRewrap(key) ? Wrap(dataKey, keys.CurrentKeyId, keys.Current, recordingId) : key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The plaintext length of a sealed original of <paramref name="sealedLength"/> bytes (chunks of
    /// <see cref="ChunkSize"/>), or null when no sealed original has that length.
    /// </summary>
    public static long? PlaintextLength(long sealedLength, int chunkSize = ChunkSize)
    {
        var body = sealedLength - HeaderSize;
        if (body < TagSize)
        {
            return null;
        }

        var chunks = (body + chunkSize + TagSize - 1) / (chunkSize + TagSize);
        var last = body - ((chunks - 1) * (chunkSize + TagSize));
        return last < TagSize || (chunks > 1 && last == TagSize) ? null : body - (chunks * TagSize);
    }

    internal static void SealChunk(AesGcm aes, ReadOnlySpan<byte> header, long index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> sealedChunk)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> associated = stackalloc byte[HeaderSize + 9];
        ChunkNonceAndData(header, index, final, nonce, associated);
        aes.Encrypt(nonce, plaintext, sealedChunk[..plaintext.Length], sealedChunk[plaintext.Length..], associated);
    }

    internal static void OpenChunk(AesGcm aes, ReadOnlySpan<byte> header, long index, bool final, ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> associated = stackalloc byte[HeaderSize + 9];
        ChunkNonceAndData(header, index, final, nonce, associated);
        var length = sealedChunk.Length - TagSize;
        try
        {
            aes.Decrypt(nonce, sealedChunk[..length], sealedChunk[length..], plaintext[..length], associated);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new OriginalVaultException(
                $"Chunk {index} of the sealed original does not authenticate: its bytes were altered, cut, moved or sealed under another key.", ex);
        }
    }

    private static void ChunkNonceAndData(ReadOnlySpan<byte> header, long index, bool final, Span<byte> nonce, Span<byte> associated)
    {
        header.Slice(8, 4).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
        header.CopyTo(associated);
        BinaryPrimitives.WriteInt64BigEndian(associated[HeaderSize..], index);
        associated[HeaderSize + 8] = final ? (byte)1 : (byte)0;
    }

    /// <summary>Checks a sealed original's header (this version writes and reads 64 KiB chunks only).</summary>
    internal static void CheckHeader(ReadOnlySpan<byte> header)
    {
        if (!header[..4].SequenceEqual(Magic) || header[4] != FormatVersion || header[5] != ChunkSizeLog2 || header[6] != 0 || header[7] != 0)
        {
            throw new OriginalVaultException("The sealed original does not start with a vault's header (version 1): it is not one, or it was altered.");
        }
    }

    private static WrappedDataKey Wrap(ReadOnlySpan<byte> dataKey, string keyId, byte[] masterKey, string recordingId)
    {
        var wrapped = new byte[NonceSize + DataKeySize + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey, wrapped.AsSpan(NonceSize, DataKeySize), wrapped.AsSpan(NonceSize + DataKeySize), KeyAssociatedData(keyId, recordingId));
        return new WrappedDataKey(keyId, wrapped);
    }

    private byte[] Unwrap(WrappedDataKey key, string recordingId)
    {
        if (!keys.TryGet(key.KeyId, out var masterKey))
        {
            throw new OriginalVaultException(
                $"The original's key is wrapped by master key {key.KeyId}, which is not configured ({Recordings.Application.Common.Options.RedactionOptions.SectionName}:MasterKey or {Recordings.Application.Common.Options.RedactionOptions.SectionName}:PreviousMasterKeys).");
        }

        var wrapped = key.Wrapped;
        if (wrapped.Length != NonceSize + DataKeySize + TagSize)
        {
            throw new OriginalVaultException($"The original's wrapped key has {wrapped.Length} bytes, not {NonceSize + DataKeySize + TagSize}.");
        }

        var dataKey = new byte[DataKeySize];
        try
        {
            using var aes = new AesGcm(masterKey, TagSize);
            aes.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize, DataKeySize), wrapped.AsSpan(NonceSize + DataKeySize), dataKey, KeyAssociatedData(key.KeyId, recordingId));
            return dataKey;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new OriginalVaultException($"The original's key does not open with master key {key.KeyId} for this recording: it was altered or belongs to another recording.", ex);
        }
    }

    private static byte[] KeyAssociatedData(string keyId, string recordingId)
    {
        var id = Encoding.UTF8.GetBytes(keyId);
        var recording = Encoding.UTF8.GetBytes(recordingId);
        return [.. KeyLabel, 0, .. id, 0, .. recording];
    }

    public override string ToString() => $"AesGcmOriginalVault {{ {keys} }}";
}
