using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Infrastructure.IntegrationTests.Support;

/// <summary>A word placed in a call: its text, its channel (1 customer, 2 agent) and its exact times in the recording.</summary>
/// <param name="Audible">Whether espeak-ng's sound of it peaks above -20 dBFS (its Hebrew voice says a few words, like עד, almost soundlessly).</param>
public sealed record PlacedWord(string Text, int Channel, double StartSeconds, double EndSeconds, bool Audible = true);

/// <summary>
/// Real speech with exact word times, for the redaction golden set: espeak-ng speaks each distinct word once (per
/// voice, cached as 16-bit PCM for the run), its leading and trailing silence is trimmed, and a call's two channels are
/// built here by laying the words one after another, so that every word's start and end in the recording are known to
/// the sample. <see cref="EncodeAsync"/> writes the call as Twilio's dual-channel mp3 (the customer on channel 1, the
/// agent on channel 2, 16 kHz, 64 kbit/s, channels coded apart, no joint stereo).
/// </summary>
public sealed class SpokenWordAudio(string folder)
{
    /// <summary>espeak-ng writes 22.05 kHz mono 16-bit PCM; the channels are built at that rate.</summary>
    public const int SampleRate = 22050;

    /// <summary>Below this (about -40 dBFS) a word's edge counts as silence and is trimmed.</summary>
    private const short EdgeThreshold = 330;

    /// <summary>Kept before and after the trimmed sound (10 ms).</summary>
    private const int EdgeKeep = SampleRate / 100;

    private readonly ConcurrentDictionary<(string Voice, string Word), short[]> _words = new();

    /// <summary>Distinct words spoken so far.</summary>
    public int WordsSpoken => _words.Count;

    /// <summary>Speaks every (voice, word) not spoken yet, a few espeak-ng processes at a time.</summary>
    public async Task SpeakAsync(IEnumerable<(string Voice, string Word)> words)
    {
        var missing = words.Distinct().Where(w => !_words.ContainsKey(w)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (w, token) =>
        {
            var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(w.Voice + "|" + w.Word)))[..16];
            var wav = Path.Combine(folder, $"word-{name}.wav");
            var result = await Cli.Wrap("espeak-ng").WithArguments(["-v", w.Voice, "-w", wav, w.Word])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(token);
            result.ExitCode.ShouldBe(0, $"espeak-ng -v {w.Voice} {w.Word}: {result.StandardError}");
            _words[w] = Trim(ReadWav(await File.ReadAllBytesAsync(wav, token)));
            File.Delete(wav);
        });
    }

    /// <summary>The word's trimmed samples (spoken by <see cref="SpeakAsync"/> before).</summary>
    public short[] Samples(string voice, string word) => _words[(voice, word)];

    public static double Seconds(short[] samples) => samples.Length / (double)SampleRate;

    /// <summary>Two channels of PCM being laid out word by word.</summary>
    public sealed class Layout
    {
        private readonly List<short>[] _channels = [[], []];
        private readonly List<PlacedWord> _placed = [];

        public IReadOnlyList<PlacedWord> Words => _placed;

        public double DurationSeconds => Math.Max(_channels[0].Count, _channels[1].Count) / (double)SampleRate;

        /// <summary>Puts <paramref name="samples"/> on <paramref name="channel"/> (1 or 2) at <paramref name="start"/> seconds; returns where it ends.</summary>
        public PlacedWord Place(string text, short[] samples, int channel, double start)
        {
            var at = (int)Math.Round(start * SampleRate);
            foreach (var lane in _channels)
            {
                while (lane.Count < at + samples.Length)
                {
                    lane.Add(0);
                }
            }

            var lane0 = _channels[channel - 1];
            for (var i = 0; i < samples.Length; i++)
            {
                lane0[at + i] = samples[i];
            }

            var word = new PlacedWord(text, channel, at / (double)SampleRate, (at + samples.Length) / (double)SampleRate, samples.Any(s => Math.Abs((int)s) > 3277));
            _placed.Add(word);
            return word;
        }

        /// <summary>Silence on both channels up to <paramref name="seconds"/>.</summary>
        public void PadTo(double seconds)
        {
            var length = (int)Math.Round(seconds * SampleRate);
            foreach (var lane in _channels)
            {
                while (lane.Count < length)
                {
                    lane.Add(0);
                }
            }
        }

        /// <summary>
        /// ffmpeg: the two channels (interleaved 16-bit PCM) as a stereo mp3, 16 kHz, 64 kbit/s, channels coded apart
        /// (as <c>src/Demo/DemoAudioLibrary.cs</c> makes the demo's dual-channel calls).
        /// </summary>
        public async Task EncodeAsync(string mp3)
        {
            var raw = Path.ChangeExtension(mp3, ".raw");
            var frames = Math.Max(_channels[0].Count, _channels[1].Count);
            var bytes = new byte[frames * 4];
            for (var i = 0; i < frames; i++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), i < _channels[0].Count ? _channels[0][i] : (short)0);
                BitConverter.TryWriteBytes(bytes.AsSpan((i * 4) + 2), i < _channels[1].Count ? _channels[1][i] : (short)0);
            }

            await File.WriteAllBytesAsync(raw, bytes);
            try
            {
                await TwoSpeakerAudio.FfmpegAsync([
                    "-f", "s16le", "-ar", SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "2", "-i", raw,
                    "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "64k", "-joint_stereo", "0", mp3,
                ]);
            }
            finally
            {
                File.Delete(raw);
            }
        }
    }

    /// <summary>The samples of a 16-bit PCM wav (espeak-ng's), from its data chunk.</summary>
    private static short[] ReadWav(byte[] wav)
    {
        var at = 12;
        while (at + 8 <= wav.Length)
        {
            var id = Encoding.ASCII.GetString(wav, at, 4);
            var size = BitConverter.ToInt32(wav, at + 4);
            if (id == "data")
            {
                var length = (size < 0 || at + 8 + size > wav.Length ? wav.Length - at - 8 : size) / 2;
                var samples = new short[length];
                Buffer.BlockCopy(wav, at + 8, samples, 0, length * 2);
                return samples;
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException("espeak-ng wrote a wav without a data chunk.");
    }

    /// <summary>The samples without their leading and trailing silence (a few milliseconds kept on each side).</summary>
    private static short[] Trim(short[] samples)
    {
        var first = Array.FindIndex(samples, s => Math.Abs((int)s) > EdgeThreshold);
        if (first < 0)
        {
            return samples;
        }

        var last = Array.FindLastIndex(samples, s => Math.Abs((int)s) > EdgeThreshold);
        first = Math.Max(0, first - EdgeKeep);
        last = Math.Min(samples.Length - 1, last + EdgeKeep);
        return samples[first..(last + 1)];
    }
}
