using Recordings.Application.Common.Options;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Redaction;

namespace Recordings.Infrastructure.UnitTests.Redaction;

public sealed class AesGcmOriginalVaultTests
{
    private const int Chunk = AesGcmOriginalVault.ChunkSize;
    private const int Sealed = Chunk + AesGcmOriginalVault.TagSize;
    private const int Header = AesGcmOriginalVault.HeaderSize;
    private const string RecordingId = "RE0123456789abcdef0123456789abcdef";

    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private static readonly AesGcmOriginalVault Vault = new(MasterKeyRing.Of(MasterKey));

    private static byte[] Plaintext(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(byte[] Sealed, SealedOriginal Result)> SealAsync(byte[] plaintext, AesGcmOriginalVault? vault = null, string recordingId = RecordingId)
    {
        using var destination = new MemoryStream();
        var result = await (vault ?? Vault).SealAsync(new MemoryStream(plaintext), destination, recordingId, CancellationToken.None);
        return (destination.ToArray(), result);
    }

    private static async Task<byte[]> OpenAsync(byte[] sealedBytes, WrappedDataKey key, AesGcmOriginalVault? vault = null, string recordingId = RecordingId, bool seekable = true)
    {
        Stream source = seekable ? new MemoryStream(sealedBytes) : new ForwardOnlyStream(sealedBytes);
        await using var plaintext = (vault ?? Vault).Open(source, sealedBytes.Length, key, recordingId);
        using var copy = new MemoryStream();
        await plaintext.CopyToAsync(copy, 7777);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData((3 * Chunk) + 7)]
    [InlineData(5 * 1024 * 1024)]
    public async Task RoundTripsEveryLength(int length)
    {
        var plaintext = Plaintext(length);

        var (sealedBytes, result) = await SealAsync(plaintext);

        result.PlaintextLength.ShouldBe(length);
        result.SealedLength.ShouldBe(sealedBytes.Length);
        var chunks = Math.Max(1, (length + Chunk - 1) / Chunk);
        sealedBytes.Length.ShouldBe(Header + length + (chunks * AesGcmOriginalVault.TagSize));
        AesGcmOriginalVault.PlaintextLength(sealedBytes.Length).ShouldBe(length);
        (await OpenAsync(sealedBytes, result.Key)).ShouldBe(plaintext);
        (await OpenAsync(sealedBytes, result.Key, seekable: false)).ShouldBe(plaintext, "a forward-only stream reads too");
    }

    [Fact]
    public async Task TheOpenedStreamKnowsItsLengthAndServesRangesAcrossChunks()
    {
        var plaintext = Plaintext((4 * Chunk) + 100);
        var (sealedBytes, result) = await SealAsync(plaintext);

        await using var stream = Vault.Open(new MemoryStream(sealedBytes), sealedBytes.Length, result.Key, RecordingId);

        stream.Length.ShouldBe(plaintext.Length);
        stream.CanSeek.ShouldBeTrue();
        foreach (var (from, count) in new[] { (Chunk - 3, 10), ((3 * Chunk) + 50, 50), (0, 1), (2 * Chunk, Chunk) })
        {
            stream.Position = from;
            var range = new byte[count];
            await stream.ReadExactlyAsync(range);
            range.ShouldBe(plaintext.AsSpan(from, count).ToArray(), $"{count} bytes at {from}");
        }

        stream.Seek(-5, SeekOrigin.End);
        var tail = new byte[10];
        stream.Read(tail, 0, 10).ShouldBe(5, "synchronous reads work as well");
        tail[..5].ShouldBe(plaintext[^5..]);
    }

    [Theory]
    [InlineData(0)] // the header
    [InlineData(Header + 5)] // chunk 0's ciphertext
    [InlineData(Header + Chunk + 3)] // chunk 0's tag
    [InlineData(Header + Sealed + 100)] // chunk 1
    [InlineData(Header + (2 * Sealed) + 1)] // the last, short chunk
    public async Task AnAlteredByteFails(int at)
    {
        var (sealedBytes, result) = await SealAsync(Plaintext((2 * Chunk) + 10));
        sealedBytes[at] ^= 0x01;

        var failure = await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key));

        failure.Message.ShouldMatch("(does not authenticate|header)");
    }

    [Theory]
    [InlineData(1)] // one byte of the last tag
    [InlineData(10 + AesGcmOriginalVault.TagSize)] // the whole last chunk: the file ends at a chunk boundary
    [InlineData(Sealed)] // a chunk's worth
    public async Task ATruncatedOriginalFails(int cut)
    {
        var (sealedBytes, result) = await SealAsync(Plaintext((2 * Chunk) + 10));

        var truncated = sealedBytes[..^cut];

        await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(truncated, result.Key));
    }

    [Fact]
    public async Task ALengthThatNoSealedOriginalHasIsRefusedBeforeReading()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext((2 * Chunk) + 10));

        // 2 full chunks and 5 bytes: a last chunk shorter than its tag.
        Should.Throw<OriginalVaultException>(() => Vault.Open(new MemoryStream(sealedBytes), Header + (2 * Sealed) + 5, result.Key, RecordingId))
            .Message.ShouldContain("cut or lengthened");
    }

    [Fact]
    public async Task AStreamShorterThanItsStatedLengthFails()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext((2 * Chunk) + 10));

        await using var stream = Vault.Open(new MemoryStream(sealedBytes[..^100]), sealedBytes.Length, result.Key, RecordingId);

        (await Should.ThrowAsync<OriginalVaultException>(() => stream.CopyToAsync(Stream.Null))).Message.ShouldContain("cut");
    }

    [Fact]
    public async Task ReorderedChunksFail()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext((3 * Chunk) + 10));
        var swapped = (byte[])sealedBytes.Clone();
        sealedBytes.AsSpan(Header, Sealed).CopyTo(swapped.AsSpan(Header + Sealed));
        sealedBytes.AsSpan(Header + Sealed, Sealed).CopyTo(swapped.AsSpan(Header));

        (await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(swapped, result.Key))).Message.ShouldContain("Chunk 0");
    }

    [Fact]
    public async Task AChunkMovedToTheEndFails()
    {
        // Drop the real last chunk and end with a full chunk: lengths are consistent, but that chunk was not sealed as last.
        var (sealedBytes, result) = await SealAsync(Plaintext((3 * Chunk) + 10));

        var shortened = sealedBytes[..(Header + (2 * Sealed))];

        (await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(shortened, result.Key))).Message.ShouldContain("Chunk 1");
    }

    [Fact]
    public async Task AnotherMasterKeyCannotOpen()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext(1000));
        var other = new AesGcmOriginalVault(MasterKeyRing.Of(RandomNumberGenerator.GetBytes(32)));

        var failure = await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key, other));

        failure.Message.ShouldContain("not configured");
    }

    [Fact]
    public async Task AKeyOpensForItsOwnRecordingOnly()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext(1000));

        var failure = await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key, recordingId: "RE-another"));

        failure.Message.ShouldContain("another recording");
    }

    [Fact]
    public async Task AnAlteredWrappedKeyFails()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext(1000));
        var bytes = result.Key.Wrapped;
        bytes[20] ^= 0x80;

        await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, new WrappedDataKey(result.Key.KeyId, bytes)));
    }

    [Fact]
    public async Task EachRecordingGetsItsOwnDataKey()
    {
        var plaintext = Plaintext(1000);

        var (first, firstResult) = await SealAsync(plaintext);
        var (second, secondResult) = await SealAsync(plaintext);

        first.ShouldNotBe(second);
        firstResult.Key.ShouldNotBe(secondResult.Key);
        await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(first, secondResult.Key));
    }

    [Fact]
    public async Task RotationRewrapsUnderTheNewKeyAndTheOldKeyCanThenGo()
    {
        var plaintext = Plaintext(Chunk + 5);
        var (sealedBytes, result) = await SealAsync(plaintext);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotating = new AesGcmOriginalVault(MasterKeyRing.Of(newKey, MasterKey));

        rotating.NeedsRewrap(result.Key).ShouldBeTrue();
        (await OpenAsync(sealedBytes, result.Key, rotating)).ShouldBe(plaintext, "old originals stay readable during the rotation");
        var rewrapped = rotating.Rewrap(result.Key, RecordingId);

        rewrapped.KeyId.ShouldBe(MasterKeyRing.Of(newKey).CurrentKeyId);
        rotating.NeedsRewrap(rewrapped).ShouldBeFalse();
        rotating.Rewrap(rewrapped, RecordingId).ShouldBeSameAs(rewrapped, "nothing to do for a current key");
        var rotated = new AesGcmOriginalVault(MasterKeyRing.Of(newKey));
        (await OpenAsync(sealedBytes, rewrapped, rotated)).ShouldBe(plaintext, "the sealed bytes did not change");
        (await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key, rotated))).Message.ShouldContain(result.Key.KeyId);
    }

    [Fact]
    public async Task TheWrappedKeyRoundTripsThroughItsStoredFormAndNeverShowsItsBytes()
    {
        var (sealedBytes, result) = await SealAsync(Plaintext(100));

        var encoded = result.Key.Encode();
        var decoded = WrappedDataKey.Decode(encoded);

        decoded.ShouldBe(result.Key);
        encoded.ShouldStartWith($"v1.{result.Key.KeyId}.");
        (await OpenAsync(sealedBytes, decoded)).ShouldBe(Plaintext(100));
        var wrappedBase64 = Convert.ToBase64String(result.Key.Wrapped);
        result.Key.ToString().ShouldNotContain(wrappedBase64);
        result.ToString().ShouldNotContain(wrappedBase64);
        Should.Throw<FormatException>(() => WrappedDataKey.Decode("v1.abc.%%%")).Message.ShouldNotContain("%%%");
        Should.Throw<FormatException>(() => WrappedDataKey.Decode("v2.abc.AAAA"));
    }

    [Fact]
    public async Task TheMasterKeyNeverAppearsInTextOrErrors()
    {
        var base64 = Convert.ToBase64String(MasterKey);
        var hex = Convert.ToHexString(MasterKey);
        var (sealedBytes, result) = await SealAsync(Plaintext(100));
        var texts = new List<string> { Vault.ToString(), MasterKeyRing.Of(MasterKey).ToString(), result.ToString(), result.Key.ToString() };
        var options = new RedactionOptions { MasterKey = base64 };
        texts.Add(options.ToString());
        texts.Add(MasterKeyRing.FromOptions(options).ToString());
        foreach (var broken in new[] { base64[..^4], base64 + "!!", base64[..20] })
        {
            texts.Add(MasterKeyRing.Validate(new RedactionOptions { MasterKey = broken }) ?? "");
        }

        sealedBytes[Header + 1] ^= 1;
        texts.Add((await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key))).ToString());
        texts.Add((await Should.ThrowAsync<OriginalVaultException>(() => OpenAsync(sealedBytes, result.Key, recordingId: "other"))).ToString());

        foreach (var text in texts)
        {
            text.ShouldNotContain(base64);
            text.ShouldNotContain(base64[..12]);
            text.ShouldNotContain(hex, Case.Insensitive);
        }
    }

    [Fact]
    public void TheMasterKeySettingIsValidatedWithClearMessages()
    {
        MasterKeyRing.Validate(new RedactionOptions())!.ShouldContain("Redaction:MasterKey is not set");
        MasterKeyRing.Validate(new RedactionOptions { MasterKey = "not base64 at all!" }).ShouldBe("Redaction:MasterKey is not base64.");
        MasterKeyRing.Validate(new RedactionOptions { MasterKey = Convert.ToBase64String(new byte[16]) })
            .ShouldBe("Redaction:MasterKey is 16 bytes once decoded; a master key is 32 random bytes in base64.");
        var good = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        MasterKeyRing.Validate(new RedactionOptions { MasterKey = good }).ShouldBeNull();
        MasterKeyRing.Validate(new RedactionOptions { MasterKey = good, PreviousMasterKeys = [good, "short"] })
            !.ShouldStartWith("Redaction:PreviousMasterKeys:1 ");
        Should.Throw<OptionsValidationException>(() => MasterKeyRing.FromOptions(new RedactionOptions { MasterKey = "" }))
            .Message.ShouldContain("Redaction:MasterKey is not set");
        new RedactionOptionsValidator().Validate(null, new RedactionOptions { MasterKey = good }).Succeeded.ShouldBeTrue();
        new RedactionOptionsValidator().Validate(null, new RedactionOptions()).Failed.ShouldBeTrue();
    }

    [Fact]
    public void KeyIdsAreStableFingerprintsThatDifferPerKey()
    {
        var ring = MasterKeyRing.FromOptions(new RedactionOptions { MasterKey = Convert.ToBase64String(MasterKey) });

        ring.CurrentKeyId.ShouldBe(MasterKeyRing.Of(MasterKey).CurrentKeyId);
        ring.CurrentKeyId.Length.ShouldBe(16);
        MasterKeyRing.Of(RandomNumberGenerator.GetBytes(32)).CurrentKeyId.ShouldNotBe(ring.CurrentKeyId);
    }

    /// <summary>A stream that reads forward only, as a network body does.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
