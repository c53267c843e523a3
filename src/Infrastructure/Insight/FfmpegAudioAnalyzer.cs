using System.Buffers.Binary;
using System.Globalization;
using CliWrap;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Common;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Insight;

/// <summary>
/// Measures a recording in one streamed pass: Debian's ffmpeg decodes the mp3 from a pipe to 8 kHz 16-bit PCM (each
/// channel kept apart) on another pipe, and this class reads it in 20 ms frames. A frame is speech on a channel when
/// its level is above <see cref="SpeechThresholdDb"/>; speech holds for <see cref="Hangover"/> after the last loud
/// frame, so the short pauses inside a sentence do not count as silence (ADR-014 says why an energy detector and not a
/// model). From the frames: talk per speaker, overtalk (both at once), silences (nobody for at least
/// <see cref="MinimumSilence"/>), the longest monologue and the longest silence; and each lane's peaks at
/// <see cref="AudioInsight.PeakBuckets"/> points of the decoded audio's own time (<see cref="PeakTimeline"/>): no
/// duration is taken from anyone else, since Twilio's may be 0, absurd or merely wrong. Memory is the frame buffer,
/// the peaks' slots and the list of silences: it does not grow with the recording's length.
/// </summary>
public sealed partial class FfmpegAudioAnalyzer(ILogger<FfmpegAudioAnalyzer> logger) : IAudioAnalyzer
{
    public const int SampleRate = 8000;
    public const int FrameSamples = SampleRate / 50;
    public const double FrameSeconds = FrameSamples / (double)SampleRate;

    /// <summary>A frame louder than this (RMS, dB below full scale) is speech.</summary>
    public const double SpeechThresholdDb = -38;

    /// <summary>Speech holds this long after its last loud frame (the pauses between words).</summary>
    public static readonly TimeSpan Hangover = TimeSpan.FromMilliseconds(300);

    /// <summary>A stretch where nobody speaks for at least this long is a silence.</summary>
    public static readonly TimeSpan MinimumSilence = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(30);

    public async Task<AudioInsight> AnalyzeAsync(Stream audio, int channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A recording has one or two channels.");
        }

        var meter = new ActivityMeter(channels);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        var errors = new ToolErrorLines();
        var result = await Cli.Wrap("ffmpeg")
            .WithArguments([
                "-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-ac", channels.ToString(CultureInfo.InvariantCulture), "-ar", SampleRate.ToString(CultureInfo.InvariantCulture),
                "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1",
            ])
            .WithStandardInputPipe(PipeSource.FromStream(audio))
            .WithStandardOutputPipe(PipeTarget.Create((output, ct) => meter.ReadAsync(output, ct)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(errors.Add))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(timeout.Token);
        if (result.ExitCode != 0)
        {
            throw new AudioUndecodableException($"ffmpeg could not decode the recording (exit code {result.ExitCode}): {errors}");
        }

        var insight = meter.Finish();
        LogAnalyzed(logger, insight.DurationSeconds, channels, insight.Silences.Count);
        return insight;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analyzed {Seconds} s of audio on {Channels} channel(s): {Silences} silence(s)")]
    private static partial void LogAnalyzed(ILogger logger, double seconds, int channels, int silences);

    /// <summary>Voice activity and peaks, frame by frame, for one or two interleaved channels.</summary>
    internal sealed class ActivityMeter
    {
        private readonly int _channels;
        private readonly PeakTimeline _peaks;
        private readonly int[] _framesSinceSpeech;
        private readonly double[] _talk;
        private readonly List<Silence> _silences = [];
        private readonly int _hangoverFrames = (int)Math.Round(Hangover.TotalSeconds / FrameSeconds);
        private long _frames;
        private long _samples;
        private double _overtalk;
        private double? _silenceStart;
        private double _longestSilence;
        private int? _monologueSpeaker;
        private double _monologueStart;
        private double _lastSpeechEnd;
        private double _longestMonologue;

        public ActivityMeter(int channels)
        {
            _channels = channels;
            _peaks = new PeakTimeline(channels);
            _framesSinceSpeech = [.. Enumerable.Repeat(int.MaxValue / 2, channels)];
            _talk = new double[channels];
        }

        public async Task ReadAsync(Stream pcm, CancellationToken cancellationToken)
        {
            var frameBytes = FrameSamples * _channels * 2;
            var buffer = new byte[frameBytes];
            while (true)
            {
                var read = await pcm.ReadAtLeastAsync(buffer, frameBytes, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                Frame(buffer.AsSpan(0, read - (read % (_channels * 2))));
                if (read < frameBytes)
                {
                    return;
                }
            }
        }

        /// <summary>One frame of interleaved samples (the last one may be short).</summary>
        internal void Frame(ReadOnlySpan<byte> samples)
        {
            var count = samples.Length / (2 * _channels);
            if (count == 0)
            {
                return;
            }

            var at = _frames * FrameSeconds;
            _peaks.MakeRoomFor(_samples + count);
            Span<bool> speaking = stackalloc bool[_channels];
            for (var channel = 0; channel < _channels; channel++)
            {
                double sumOfSquares = 0;
                for (var block = 0; block < count; block += PeakTimeline.BlockSamples)
                {
                    var peak = 0;
                    var end = Math.Min(count, block + PeakTimeline.BlockSamples);
                    for (var i = block; i < end; i++)
                    {
                        int sample = BinaryPrimitives.ReadInt16LittleEndian(samples.Slice(((i * _channels) + channel) * 2, 2));
                        sumOfSquares += (double)sample * sample;
                        peak = Math.Max(peak, Math.Abs(sample));
                    }

                    _peaks.Add(channel, _samples + block, peak);
                }

                var rms = Math.Sqrt(sumOfSquares / count) / 32768.0;
                var level = rms > 0 ? 20 * Math.Log10(rms) : -120;
                _framesSinceSpeech[channel] = level > SpeechThresholdDb ? 0 : _framesSinceSpeech[channel] + 1;
                speaking[channel] = _framesSinceSpeech[channel] <= _hangoverFrames;
            }

            Account(at, count / (double)SampleRate, speaking);
            _frames++;
            _samples += count;
        }

        /// <summary>Talk, overtalk, silences and monologues for one frame that starts at <paramref name="at"/>.</summary>
        private void Account(double at, double length, ReadOnlySpan<bool> speaking)
        {
            var speakers = 0;
            var speaker = -1;
            for (var channel = 0; channel < _channels; channel++)
            {
                if (speaking[channel])
                {
                    _talk[channel] += length;
                    speakers++;
                    speaker = channel;
                }
            }

            if (speakers > 1)
            {
                _overtalk += length;
            }

            if (speakers == 0)
            {
                _silenceStart ??= at;
                if (at + length - _silenceStart.Value >= MinimumSilence.TotalSeconds)
                {
                    // Nobody for 2 s: whoever spoke last no longer holds the floor.
                    EndMonologue();
                }

                return;
            }

            EndSilence(at);
            if (speakers == 1 && speaker != _monologueSpeaker)
            {
                EndMonologue();
                _monologueSpeaker = speaker;
                _monologueStart = at;
            }
            else if (speakers > 1)
            {
                // Both at once: the floor is contested, no monologue runs.
                EndMonologue();
            }

            _lastSpeechEnd = at + length;
        }

        private void EndSilence(double at)
        {
            if (_silenceStart is { } start && at - start >= MinimumSilence.TotalSeconds)
            {
                _silences.Add(new Silence(Math.Round(start, 2), Math.Round(at, 2)));
                _longestSilence = Math.Max(_longestSilence, at - start);
            }

            _silenceStart = null;
        }

        private void EndMonologue()
        {
            if (_monologueSpeaker is not null)
            {
                _longestMonologue = Math.Max(_longestMonologue, _lastSpeechEnd - _monologueStart);
            }

            _monologueSpeaker = null;
        }

        public AudioInsight Finish()
        {
            // The decoded audio's length: every sample read (the last frame may be short).
            var duration = _samples / (double)SampleRate;
            EndSilence(duration);
            EndMonologue();
            var silence = _silences.Sum(s => s.EndSeconds - s.StartSeconds);
            var metrics = _channels == 2
                ? new RecordingMetrics(Round(_talk[1]), Round(_talk[0]), null, Round(silence), Round(_overtalk), Round(_longestMonologue), Round(_longestSilence))
                : new RecordingMetrics(null, null, Round(_talk[0]), Round(silence), 0, Round(_longestMonologue), Round(_longestSilence));
            var lanes = _channels == 2
                ? new[] { new PeakLane(Speakers.OfChannel(1, 2), _peaks.Fold(0, _samples)), new PeakLane(Speakers.OfChannel(2, 2), _peaks.Fold(1, _samples)) }
                : [new PeakLane(null, _peaks.Fold(0, _samples))];
            return new AudioInsight(Round(duration), metrics, _silences, lanes);
        }

        private static double Round(double seconds) => Math.Round(seconds, 2);
    }

    /// <summary>
    /// A lane's peaks on the decoded audio's own time. While decoding, the highest sample of each slot of
    /// <see cref="SlotSamples"/> samples is kept (5 ms at first, a fixed resolution per second of audio); when the audio
    /// outgrows <see cref="MaxSlots"/> slots, neighbouring slots merge and slots double in length, so memory stays flat
    /// (<see cref="MaxSlots"/> bytes per lane) whatever the length, and a slot is never longer than 5 ms or a quarter
    /// of a bucket, whichever is longer. At the end the slots are folded into exactly <see cref="AudioInsight.PeakBuckets"/> buckets spread over
    /// the samples decoded: the first bucket is the audio's start and the last its end.
    /// </summary>
    internal sealed class PeakTimeline
    {
        /// <summary>The finest slot, in samples (5 ms at 8 kHz); a frame is four of them.</summary>
        public const int BlockSamples = SampleRate / 200;

        /// <summary>Slots kept per lane at most (8 per bucket); after a merge there are at least 4 per bucket.</summary>
        public const int MaxSlots = 8 * AudioInsight.PeakBuckets;

        private readonly byte[][] _slots;

        public PeakTimeline(int channels) =>
            _slots = [.. Enumerable.Range(0, channels).Select(_ => new byte[MaxSlots])];

        /// <summary>How many samples a slot covers now: <see cref="BlockSamples"/> times a power of two.</summary>
        public int SlotSamples { get; private set; } = BlockSamples;

        /// <summary>Merges slots (pairs into one) until samples up to <paramref name="sampleCount"/> fit.</summary>
        public void MakeRoomFor(long sampleCount)
        {
            while ((sampleCount - 1) / SlotSamples >= MaxSlots)
            {
                foreach (var slots in _slots)
                {
                    for (var i = 0; i < MaxSlots / 2; i++)
                    {
                        slots[i] = Math.Max(slots[2 * i], slots[(2 * i) + 1]);
                    }

                    Array.Clear(slots, MaxSlots / 2, MaxSlots / 2);
                }

                SlotSamples *= 2;
            }
        }

        /// <summary>
        /// The highest sample (absolute value) of the block of at most <see cref="BlockSamples"/> samples that starts at
        /// sample <paramref name="at"/> (a multiple of <see cref="BlockSamples"/>, so the block lies in one slot).
        /// </summary>
        public void Add(int channel, long at, int peak)
        {
            var scaled = (byte)Math.Min(255, Math.Round(Math.Min(1.0, peak / 32767.0) * 255));
            var slot = (int)(at / SlotSamples);
            _slots[channel][slot] = Math.Max(_slots[channel][slot], scaled);
        }

        /// <summary>
        /// The lane's <see cref="AudioInsight.PeakBuckets"/> peaks over <paramref name="sampleCount"/> decoded samples:
        /// bucket b covers samples [b·n/B, (b+1)·n/B) and is the highest of the slots it touches (for audio shorter
        /// than the buckets, a slot spans several buckets and each takes it). All zero when nothing was decoded.
        /// </summary>
        public byte[] Fold(int channel, long sampleCount)
        {
            var buckets = new byte[AudioInsight.PeakBuckets];
            if (sampleCount <= 0)
            {
                return buckets;
            }

            var slots = _slots[channel];
            for (var b = 0; b < buckets.Length; b++)
            {
                var from = b * sampleCount / buckets.Length;
                var to = Math.Max(from + 1, (b + 1) * sampleCount / buckets.Length);
                byte peak = 0;
                for (var slot = from / SlotSamples; slot <= (to - 1) / SlotSamples; slot++)
                {
                    peak = Math.Max(peak, slots[slot]);
                }

                buckets[b] = peak;
            }

            return buckets;
        }
    }
}
