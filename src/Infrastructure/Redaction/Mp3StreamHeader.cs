using System.Buffers.Binary;

namespace Recordings.Infrastructure.Redaction;

/// <summary>
/// What the first MPEG audio Layer III frame of a recording says: sample rate, channels, and the bitrate when the file
/// is constant-bitrate (no Xing or VBRI header). Read from the first bytes, after any ID3v2 tag, so that ffmpeg can
/// be told the recording's own bitrate and the redactor knows the sample rate before anything is decoded.
/// </summary>
internal sealed record Mp3StreamHeader(int SampleRate, int Channels, int? ConstantBitrateKbps)
{
    private static readonly int[] Mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    /// <summary>The length of an ID3v2 tag that starts <paramref name="bytes"/> (header and footer included), or 0.</summary>
    public static long Id3v2Length(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || bytes[0] != 'I' || bytes[1] != 'D' || bytes[2] != '3')
        {
            return 0;
        }

        // The size is 4 bytes of 7 bits each (synchsafe), not counting the 10-byte header (nor the footer, when flagged).
        var size = (bytes[6] & 0x7F) << 21 | (bytes[7] & 0x7F) << 14 | (bytes[8] & 0x7F) << 7 | (bytes[9] & 0x7F);
        var footer = (bytes[5] & 0x10) != 0 ? 10 : 0;
        return 10L + size + footer;
    }

    /// <summary>
    /// The first Layer III frame in <paramref name="bytes"/> whose successor (when it lies within the bytes) is a frame
    /// of the same kind, so that a stray sync pattern is not taken for audio; null when there is none.
    /// </summary>
    public static Mp3StreamHeader? Find(ReadOnlySpan<byte> bytes)
    {
        for (var at = 0; at + 4 <= bytes.Length; at++)
        {
            if (!TryParse(bytes[at..], out var frame))
            {
                continue;
            }

            var next = at + frame.Length;
            if (next + 4 <= bytes.Length
                && (!TryParse(bytes[next..], out var following) || following.SampleRate != frame.SampleRate || following.Version != frame.Version))
            {
                continue;
            }

            var bitrate = IsVariableBitrate(bytes[at..], frame) ? (int?)null : frame.BitrateKbps;
            return new Mp3StreamHeader(frame.SampleRate, frame.Channels, bitrate);
        }

        return null;
    }

    private static bool IsVariableBitrate(ReadOnlySpan<byte> frame, Frame header)
    {
        // A Xing header (VBR; "Info" is LAME's tag on a constant-bitrate file) sits after the side information; VBRI at 36.
        var sideInfo = header.Version == 3 ? (header.Channels == 1 ? 17 : 32) : (header.Channels == 1 ? 9 : 17);
        var xing = 4 + sideInfo;
        return (frame.Length >= xing + 4 && frame.Slice(xing, 4).SequenceEqual("Xing"u8))
            || (frame.Length >= 40 && frame.Slice(36, 4).SequenceEqual("VBRI"u8));
    }

    private readonly record struct Frame(int Version, int SampleRate, int Channels, int BitrateKbps, int Length);

    private static bool TryParse(ReadOnlySpan<byte> bytes, out Frame frame)
    {
        frame = default;
        if (bytes.Length < 4)
        {
            return false;
        }

        var header = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if ((header & 0xFFE00000) != 0xFFE00000)
        {
            return false;
        }

        var version = (int)((header >> 19) & 3); // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
        var layer = (int)((header >> 17) & 3); // 1: Layer III
        var bitrateIndex = (int)((header >> 12) & 15);
        var rateIndex = (int)((header >> 10) & 3);
        var padding = (int)((header >> 9) & 1);
        var mode = (int)((header >> 6) & 3); // 3: mono
        if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return false;
        }

        int[] rates = version switch
        {
            3 => [44100, 48000, 32000],
            2 => [22050, 24000, 16000],
            _ => [11025, 12000, 8000],
        };
        var sampleRate = rates[rateIndex];
        var bitrate = (version == 3 ? Mpeg1Bitrates : Mpeg2Bitrates)[bitrateIndex];
        var length = ((version == 3 ? 144 : 72) * bitrate * 1000 / sampleRate) + padding;
        frame = new Frame(version, sampleRate, mode == 3 ? 1 : 2, bitrate, length);
        return true;
    }
}
