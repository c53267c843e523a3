using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Measures audio files as a listener would get them: ffmpeg decodes the file (gapless, as players do with the LAME
/// header) to 32-bit float samples, and the levels of a stretch are computed here, in dB below full scale (digital
/// silence is negative infinity). For redaction tests and the golden set.
/// </summary>
public static class AudioLoudness
{
    /// <summary>The highest sample (absolute, over every channel) between two times of a file, in dBFS.</summary>
    public static async Task<double> MaxVolumeDbAsync(string file, double start, double end) =>
        (await DecodedAudio.DecodeAsync(file)).PeakDb(start, end);

    /// <summary>The same for audio in a stream (copied to a temporary file first).</summary>
    public static async Task<double> MaxVolumeDbAsync(Stream audio, double start, double end)
    {
        var file = Path.Combine(Path.GetTempPath(), $"loudness-{Guid.NewGuid():N}.mp3");
        try
        {
            await using (var copy = File.Create(file))
            {
                await audio.CopyToAsync(copy);
            }

            return await MaxVolumeDbAsync(file, start, end);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>What ffprobe says of the first audio stream: sample rate, channels and bit rate (bits per second).</summary>
    public static async Task<(int SampleRate, int Channels, long BitRate)> ProbeAsync(string file)
    {
        var result = await Cli.Wrap("ffprobe")
            .WithArguments(["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate,channels,bit_rate", "-of", "csv=p=0", file])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        result.ExitCode.ShouldBe(0, result.StandardError);
        var parts = result.StandardOutput.Trim().Split(',');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}

/// <summary>A decoded file's samples, interleaved, with the levels of its stretches.</summary>
public sealed class DecodedAudio
{
    private readonly float[] _samples;

    private DecodedAudio(float[] samples, int sampleRate, int channels)
    {
        _samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public long Frames => _samples.Length / Channels;

    public double DurationSeconds => Frames / (double)SampleRate;

    public static async Task<DecodedAudio> DecodeAsync(string file)
    {
        var (sampleRate, channels, _) = await AudioLoudness.ProbeAsync(file);
        using var pcm = new MemoryStream();
        var errors = new System.Text.StringBuilder();
        var result = await Cli.Wrap("ffmpeg")
            .WithArguments(["-hide_banner", "-loglevel", "error", "-i", file, "-map", "0:a:0", "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"])
            .WithStandardOutputPipe(PipeTarget.ToStream(pcm))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync();
        result.ExitCode.ShouldBe(0, errors.ToString());
        var samples = new float[pcm.Length / sizeof(float)];
        Buffer.BlockCopy(pcm.GetBuffer(), 0, samples, 0, samples.Length * sizeof(float));
        return new DecodedAudio(samples, sampleRate, channels);
    }

    /// <summary>The highest sample (absolute, every channel) in [start, end) seconds, in dBFS; -infinity for digital silence.</summary>
    public double PeakDb(double start, double end, int? channel = null)
    {
        var peak = 0f;
        foreach (var sample in Stretch(start, end, channel))
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return ToDb(peak);
    }

    /// <summary>The RMS level of [start, end) seconds (every channel, or one, from 0), in dBFS.</summary>
    public double RmsDb(double start, double end, int? channel = null)
    {
        double sum = 0;
        long count = 0;
        foreach (var sample in Stretch(start, end, channel))
        {
            sum += (double)sample * sample;
            count++;
        }

        return count == 0 ? double.NegativeInfinity : ToDb(Math.Sqrt(sum / count));
    }

    /// <summary>
    /// The RMS level of [start, end) after a narrow band-pass around <paramref name="hertz"/> (a 2-pole resonator of
    /// quality <paramref name="q"/>, run over the stretch, its first 20 ms left out while it settles), in dBFS: close to
    /// <see cref="RmsDb"/> when the stretch is a tone at that frequency, far below it for other tones.
    /// </summary>
    public double BandRmsDb(double start, double end, double hertz, int channel = 0, double q = 5)
    {
        // RBJ band-pass (constant 0 dB peak gain).
        var w0 = 2 * Math.PI * hertz / SampleRate;
        var alpha = Math.Sin(w0) / (2 * q);
        var (b0, b2, a0, a1, a2) = (alpha, -alpha, 1 + alpha, -2 * Math.Cos(w0), 1 - alpha);
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, sum = 0;
        long count = 0;
        var settle = SampleRate / 50;
        foreach (var x in Stretch(start, end, channel))
        {
            var y = ((b0 * x) + (b2 * x2) - (a1 * y1) - (a2 * y2)) / a0;
            (x2, x1, y2, y1) = (x1, x, y1, y);
            if (count++ >= settle)
            {
                sum += y * y;
            }
        }

        return count <= settle ? double.NegativeInfinity : ToDb(Math.Sqrt(sum / (count - settle)));
    }

    private IEnumerable<float> Stretch(double start, double end, int? channel)
    {
        var first = Math.Clamp((long)Math.Floor(start * SampleRate), 0, Frames);
        var last = Math.Clamp((long)Math.Ceiling(end * SampleRate), first, Frames);
        for (var frame = first; frame < last; frame++)
        {
            for (var c = 0; c < Channels; c++)
            {
                if (channel is null || channel == c)
                {
                    yield return _samples[(frame * Channels) + c];
                }
            }
        }
    }

    private static double ToDb(double level) => level <= 0 ? double.NegativeInfinity : 20 * Math.Log10(level);
}
