using Recordings.Domain.Redaction;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Covers stretches of a recording's audio, on every channel, with digital silence or a 1 kHz tone, and encodes the
/// result as an mp3 with the recording's channels and sample rate. Streamed: memory does not grow with the recording.
/// </summary>
public interface IAudioRedactor
{
    /// <param name="recording">The recording (an mp3), read once from start to end.</param>
    /// <param name="length">The recording's length in bytes (for the log and checks; the stream is read to its end).</param>
    /// <param name="windows">
    /// The redactions' times as found in the transcript (the words' start and end). The redactor adds
    /// <see cref="RedactionPolicy.AudioMarginSeconds"/> on both sides, clamps at 0 and merges overlaps
    /// (<see cref="AudioWindows.Cover"/>); an empty list re-encodes the audio unchanged.
    /// </param>
    /// <param name="audio">Silence, or a 1 kHz tone.</param>
    /// <param name="output">Where the redacted mp3 is written (e.g. <see cref="IRecordingUpload.Content"/>); not disposed.</param>
    /// <returns>How many bytes were written and the stretches that were covered.</returns>
    /// <exception cref="AudioUndecodableException">The recording is not mp3 audio the decoder can read (trying again cannot help).</exception>
    /// <exception cref="TimeoutException">The encoder ran longer than its time limit and was stopped.</exception>
    Task<RedactedAudio> RedactAsync(
        Stream recording,
        long length,
        IReadOnlyList<AudioWindow> windows,
        RedactionAudio audio,
        Stream output,
        CancellationToken cancellationToken);
}

/// <summary>A stretch of a recording, in seconds from its start.</summary>
public readonly record struct AudioWindow(double StartSeconds, double EndSeconds)
{
    public double DurationSeconds => EndSeconds - StartSeconds;
}

/// <summary>What <see cref="IAudioRedactor.RedactAsync"/> wrote.</summary>
/// <param name="Length">Bytes of mp3 written to the output.</param>
/// <param name="Covered">The stretches covered (margins added, merged, in order), before the encoder's guard.</param>
public sealed record RedactedAudio(long Length, IReadOnlyList<AudioWindow> Covered);

public static class AudioWindows
{
    /// <summary>
    /// The stretches to cover for <paramref name="windows"/>: each widened by <paramref name="marginSeconds"/> on both
    /// sides and clamped at 0, then sorted and merged where they overlap or touch. A window whose end is before its
    /// start is taken as the stretch between the two; windows that are not finite are refused.
    /// </summary>
    public static IReadOnlyList<AudioWindow> Cover(IEnumerable<AudioWindow> windows, double marginSeconds = RedactionPolicy.AudioMarginSeconds)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (!double.IsFinite(marginSeconds) || marginSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(marginSeconds), marginSeconds, "The margin is a finite number of seconds, 0 or more.");
        }

        var widened = new List<AudioWindow>();
        foreach (var window in windows)
        {
            if (!double.IsFinite(window.StartSeconds) || !double.IsFinite(window.EndSeconds))
            {
                throw new ArgumentException($"A window's times must be finite numbers of seconds ({window.StartSeconds}, {window.EndSeconds}).", nameof(windows));
            }

            var (start, end) = window.StartSeconds <= window.EndSeconds
                ? (window.StartSeconds, window.EndSeconds)
                : (window.EndSeconds, window.StartSeconds);
            end += marginSeconds;
            if (end <= 0)
            {
                continue;
            }

            widened.Add(new AudioWindow(Math.Max(0, start - marginSeconds), end));
        }

        widened.Sort((a, b) => a.StartSeconds.CompareTo(b.StartSeconds));
        var merged = new List<AudioWindow>(widened.Count);
        foreach (var window in widened)
        {
            if (merged.Count > 0 && window.StartSeconds <= merged[^1].EndSeconds)
            {
                merged[^1] = merged[^1] with { EndSeconds = Math.Max(merged[^1].EndSeconds, window.EndSeconds) };
            }
            else
            {
                merged.Add(window);
            }
        }

        return merged;
    }
}

/// <summary>
/// Keeps the unredacted original of a recording encrypted (AES-256-GCM under a random key of its own, that key wrapped
/// by the master key <c>Redaction:MasterKey</c>). The caller stores the sealed bytes (in the recording store) and the
/// wrapped key (with the recording's row); neither is useful without the master key.
/// </summary>
public interface IOriginalVault
{
    /// <summary>
    /// Encrypts <paramref name="original"/> (read once, to its end) into <paramref name="destination"/> (not disposed)
    /// under a new data key, and returns that key wrapped by the current master key.
    /// </summary>
    /// <param name="recordingId">What the original belongs to (e.g. the recording SID): bound to the wrapped key, which opens for it alone.</param>
    Task<SealedOriginal> SealAsync(Stream original, Stream destination, string recordingId, CancellationToken cancellationToken);

    /// <summary>
    /// The plaintext of a sealed original as a read-only stream of known length, decrypted chunk by chunk as it is read;
    /// seekable when <paramref name="sealedOriginal"/> is (ranges). Disposing it disposes <paramref name="sealedOriginal"/>.
    /// </summary>
    /// <param name="sealedLength">The sealed object's length in bytes (the store knows it).</param>
    /// <exception cref="OriginalVaultException">The key does not open (wrong master key, wrong recording, altered) or the sealed bytes are not a vault's.</exception>
    /// <remarks>Tampering, truncation or reordering of the sealed bytes throws <see cref="OriginalVaultException"/> when the altered chunk is read.</remarks>
    Stream Open(Stream sealedOriginal, long sealedLength, WrappedDataKey key, string recordingId);

    /// <summary>Whether <paramref name="key"/> is wrapped by an older master key than the current one (rotation has work to do).</summary>
    bool NeedsRewrap(WrappedDataKey key);

    /// <summary>The same data key wrapped by the current master key (the sealed bytes do not change).</summary>
    /// <exception cref="OriginalVaultException">The key was wrapped by a master key that is not configured, or does not open.</exception>
    WrappedDataKey Rewrap(WrappedDataKey key, string recordingId);
}

/// <summary>A sealed original: its data key, wrapped, and the lengths of its plaintext and of what was written.</summary>
public sealed record SealedOriginal(WrappedDataKey Key, long PlaintextLength, long SealedLength);

/// <summary>
/// A recording's data key wrapped (encrypted) by the master key <see cref="KeyId"/> names. Stored by the caller as
/// <see cref="Encode"/>'s text; its bytes are never shown (<see cref="ToString"/> leaves them out).
/// </summary>
public sealed class WrappedDataKey : IEquatable<WrappedDataKey>
{
    private const string Version = "v1";
    private readonly byte[] _wrapped;

    public WrappedDataKey(string keyId, ReadOnlySpan<byte> wrapped)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (keyId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("A master key id has no dot.", nameof(keyId));
        }

        KeyId = keyId;
        _wrapped = wrapped.ToArray();
    }

    /// <summary>Which master key wrapped it (a fingerprint of that key, not the key).</summary>
    public string KeyId { get; }

    /// <summary>The wrapped bytes (a copy).</summary>
    public byte[] Wrapped => (byte[])_wrapped.Clone();

    /// <summary>The form stored with the recording: <c>v1.{keyId}.{base64}</c>.</summary>
    public string Encode() => $"{Version}.{KeyId}.{Convert.ToBase64String(_wrapped)}";

    /// <summary>Reads <see cref="Encode"/>'s form.</summary>
    /// <exception cref="FormatException">It is not that form (the message does not quote it).</exception>
    public static WrappedDataKey Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length == 0)
        {
            throw new FormatException("A wrapped data key reads v1.{keyId}.{base64}.");
        }

        try
        {
            return new WrappedDataKey(parts[1], Convert.FromBase64String(parts[2]));
        }
        catch (FormatException)
        {
            throw new FormatException("A wrapped data key's last part is not base64.");
        }
    }

    public bool Equals(WrappedDataKey? other) =>
        other is not null && KeyId == other.KeyId && _wrapped.AsSpan().SequenceEqual(other._wrapped);

    public override bool Equals(object? obj) => Equals(obj as WrappedDataKey);

    public override int GetHashCode() => HashCode.Combine(KeyId, _wrapped.Length);

    /// <summary>Names the master key only: the wrapped bytes stay out of logs.</summary>
    public override string ToString() => $"WrappedDataKey {{ KeyId = {KeyId} }}";
}

/// <summary>A sealed original or its key does not open: wrong master key or recording, altered, truncated or reordered bytes.</summary>
public sealed class OriginalVaultException : InvalidOperationException
{
    public OriginalVaultException(string message)
        : base(message)
    {
    }

    public OriginalVaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
