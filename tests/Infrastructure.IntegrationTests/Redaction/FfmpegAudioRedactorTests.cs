using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Redaction;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Redaction;

namespace Recordings.Infrastructure.IntegrationTests.Redaction;

/// <summary>
/// The redactor with Debian's ffmpeg on loud test signals (no quiet stretch anywhere, so any audio left inside a window
/// shows): a telephone-like mono mp3 (8 kHz, 32 kbit/s), a dual-channel one (8 kHz, 64 kbit/s: a tone on channel 1,
/// noise on channel 2) and a 44.1 kHz stereo one; each redacted output is decoded and measured.
/// </summary>
public sealed class FfmpegAudioRedactorTests : IAsyncLifetime
{
    /// <summary>Inside a covered stretch every channel is at most this loud (digital silence measures -infinity).</summary>
    private const double SilentDb = -60;

    /// <summary>The test signals peak well above this everywhere.</summary>
    private const double LoudDb = -20;

    private const double Margin = RedactionPolicy.AudioMarginSeconds;

    private readonly string _folder = Directory.CreateTempSubdirectory("recordings-redactor-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static FfmpegAudioRedactor Redactor(TimeSpan? timeout = null) =>
        new(Options.Create(new FfmpegAudioRedactorOptions { Timeout = timeout ?? TimeSpan.FromMinutes(2) }), NullLogger<FfmpegAudioRedactor>.Instance);

    /// <summary>A loud test recording of <paramref name="seconds"/>: mono (noise), dual (tone | noise) or wide (44.1 kHz stereo noise).</summary>
    private async Task<string> RecordingAsync(string kind, double seconds)
    {
        var d = seconds.ToString(CultureInfo.InvariantCulture);
        var path = Path.Combine(_folder, $"{kind}-{d}.mp3");
        string[] arguments = kind switch
        {
            "mono" => ["-f", "lavfi", "-i", $"anoisesrc=r=8000:d={d}:a=0.5:seed=26", "-c:a", "libmp3lame", "-b:a", "32k", path],
            "dual" => [
                "-f", "lavfi", "-i", $"sine=f=440:r=8000:d={d}", "-f", "lavfi", "-i", $"anoisesrc=r=8000:d={d}:a=0.5:seed=26",
                "-filter_complex", "[0]volume=4[a];[a][1]join=inputs=2:channel_layout=stereo", "-c:a", "libmp3lame", "-b:a", "64k", path],
            "wide" => ["-f", "lavfi", "-i", $"anoisesrc=r=44100:d={d}:a=0.5:seed=26", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", path],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await TwoSpeakerAudio.FfmpegAsync(arguments);
        return path;
    }

    private async Task<(string Output, RedactedAudio Result)> RedactAsync(string input, RedactionAudio audio, params AudioWindow[] windows)
    {
        var output = Path.Combine(_folder, $"redacted-{Guid.NewGuid():N}.mp3");
        await using var recording = File.OpenRead(input);
        await using var redacted = File.Create(output);
        var result = await Redactor().RedactAsync(recording, recording.Length, windows, audio, redacted, CancellationToken.None);
        redacted.Length.ShouldBe(result.Length);
        return (output, result);
    }

    [Theory]
    [InlineData("mono")]
    [InlineData("dual")]
    [InlineData("wide")]
    public async Task SilencesEveryChannelOverEachWindowAndItsMargins(string kind)
    {
        var input = await RecordingAsync(kind, 12);
        AudioWindow[] words = [new(2, 3), new(7.5, 8.1)];

        var (output, result) = await RedactAsync(input, RedactionAudio.Silence, words);

        result.Covered.ShouldBe([new AudioWindow(2 - Margin, 3 + Margin), new AudioWindow(7.5 - Margin, 8.1 + Margin)]);
        var audio = await DecodedAudio.DecodeAsync(output);
        foreach (var window in result.Covered)
        {
            for (var channel = 0; channel < audio.Channels; channel++)
            {
                audio.PeakDb(window.StartSeconds, window.EndSeconds, channel).ShouldBeLessThanOrEqualTo(SilentDb, $"channel {channel} in {window}");
            }
        }

        // Outside, past the encoder's guard (at most 0.16 s at 8 kHz), the audio is as loud as it was.
        foreach (var (start, end) in new[] { (0.2, 1.5), (3.7, 6.8), (8.8, 11.5) })
        {
            for (var channel = 0; channel < audio.Channels; channel++)
            {
                audio.PeakDb(start, end, channel).ShouldBeGreaterThan(LoudDb, $"channel {channel} from {start} to {end}");
            }
        }
    }

    [Theory]
    [InlineData("mono")]
    [InlineData("dual")]
    [InlineData("wide")]
    public async Task KeepsTheDurationChannelsAndSampleRate(string kind)
    {
        var input = await RecordingAsync(kind, 12);

        var (output, _) = await RedactAsync(input, RedactionAudio.Beep, new AudioWindow(4, 5));

        var before = await DecodedAudio.DecodeAsync(input);
        var after = await DecodedAudio.DecodeAsync(output);
        after.Channels.ShouldBe(before.Channels);
        after.SampleRate.ShouldBe(before.SampleRate);
        after.DurationSeconds.ShouldBe(before.DurationSeconds, tolerance: 0.01);
    }

    [Theory]
    [InlineData("mono", 32_000)]
    [InlineData("dual", 64_000)]
    [InlineData("wide", 128_000)]
    public async Task EncodesAtTheRecordingsOwnBitrate(string kind, long bitRate)
    {
        var input = await RecordingAsync(kind, 6);

        var (output, _) = await RedactAsync(input, RedactionAudio.Silence, new AudioWindow(1, 2));

        (await AudioLoudness.ProbeAsync(output)).BitRate.ShouldBe(bitRate);
    }

    [Theory]
    [InlineData("mono")]
    [InlineData("dual")]
    public async Task BeepFillsEachWindowOnEveryChannelWithAOneKilohertzTone(string kind)
    {
        var input = await RecordingAsync(kind, 12);

        var (output, result) = await RedactAsync(input, RedactionAudio.Beep, new AudioWindow(2, 3), new AudioWindow(7, 7.4));

        var audio = await DecodedAudio.DecodeAsync(output);
        foreach (var window in result.Covered)
        {
            for (var channel = 0; channel < audio.Channels; channel++)
            {
                var level = audio.RmsDb(window.StartSeconds, window.EndSeconds, channel);
                level.ShouldBeInRange(-18, -12, $"a -12 dBFS peak sine is -15 dB RMS (channel {channel} in {window})");
                audio.BandRmsDb(window.StartSeconds, window.EndSeconds, 1000, channel).ShouldBe(level, tolerance: 1, "all of it at 1 kHz");
                audio.BandRmsDb(window.StartSeconds, window.EndSeconds, 440, channel).ShouldBeLessThan(level - 10, "nothing of the 440 Hz tone");
            }
        }

        audio.PeakDb(4, 6.4).ShouldBeGreaterThan(LoudDb, "between the windows the recording is heard");
        audio.BandRmsDb(4, 6.4, 1000).ShouldBeLessThan(audio.RmsDb(4, 6.4, 0) - 3, "and no tone");
    }

    [Fact]
    public async Task SilencesRealSpeechOnADualChannelRecording()
    {
        // TwoSpeakerAudio: the customer's "go forward ten meters" on channel 1 from 1 s, the agent's numbers on channel 2 from 8 s.
        var input = Path.Combine(_folder, "two-speakers.mp3");
        await TwoSpeakerAudio.WriteAsync(input);
        var before = await DecodedAudio.DecodeAsync(input);
        before.PeakDb(8, 11.6, channel: 1).ShouldBeGreaterThan(-30, "the agent speaks there");

        var (output, result) = await RedactAsync(input, RedactionAudio.Silence, new AudioWindow(8, 11.6));

        var after = await DecodedAudio.DecodeAsync(output);
        after.PeakDb(7.75, 11.85).ShouldBeLessThanOrEqualTo(SilentDb);
        after.PeakDb(1, 3.4, channel: 0).ShouldBe(before.PeakDb(1, 3.4, channel: 0), tolerance: 1.5, "the customer's words are kept");
        after.DurationSeconds.ShouldBe(TwoSpeakerAudio.DurationSeconds, tolerance: 0.01);
    }

    [Fact]
    public async Task CoversHundredsOfWindows()
    {
        // 400 words of 0.05 s, one a second: 400 stretches of 0.55 s with loud gaps between them.
        var input = await RecordingAsync("mono", 402);
        var words = Enumerable.Range(1, 400).Select(i => new AudioWindow(i, i + 0.05)).ToArray();

        var (output, result) = await RedactAsync(input, RedactionAudio.Silence, words);

        result.Covered.Count.ShouldBe(400);
        var audio = await DecodedAudio.DecodeAsync(output);
        var leaks = result.Covered.Where(w => audio.PeakDb(w.StartSeconds, w.EndSeconds) > SilentDb).ToArray();
        leaks.ShouldBeEmpty();
        var gaps = Enumerable.Range(1, 400).Select(i => (Start: i + 0.5, End: i + 0.55)).Where(g => audio.PeakDb(g.Start, g.End) <= LoudDb).ToArray();
        gaps.ShouldBeEmpty("the middle of each gap is untouched");
    }

    [Fact]
    public async Task MergesOverlappingWindows()
    {
        var input = await RecordingAsync("dual", 8);

        var (output, result) = await RedactAsync(input, RedactionAudio.Silence, new AudioWindow(3.9, 4.2), new AudioWindow(2, 3), new AudioWindow(2.8, 4), new AudioWindow(4.6, 4.7));

        result.Covered.ShouldBe([new AudioWindow(1.75, 4.95)], "4.2 + 0.25 reaches 4.6 - 0.25");
        (await AudioLoudness.MaxVolumeDbAsync(output, 1.75, 4.95)).ShouldBeLessThanOrEqualTo(SilentDb);
    }

    [Theory]
    [InlineData(RedactionAudio.Silence)]
    [InlineData(RedactionAudio.Beep)]
    public async Task CoversTheStartAndToleratesWindowsPastTheEnd(RedactionAudio mode)
    {
        var input = await RecordingAsync("mono", 6);

        var (output, result) = await RedactAsync(input, mode, new AudioWindow(0, 0.1), new AudioWindow(5.9, 9));

        result.Covered.ShouldBe([new AudioWindow(0, 0.35), new AudioWindow(5.65, 9.25)]);
        var audio = await DecodedAudio.DecodeAsync(output);
        foreach (var (start, end) in new[] { (0.0, 0.35), (5.65, audio.DurationSeconds) })
        {
            if (mode == RedactionAudio.Silence)
            {
                audio.PeakDb(start, end).ShouldBeLessThanOrEqualTo(SilentDb, $"from {start} to {end}");
            }
            else
            {
                audio.BandRmsDb(start, end, 1000).ShouldBe(audio.RmsDb(start, end), tolerance: 1, $"the tone alone from {start} to {end}");
            }
        }

        audio.PeakDb(1, 5).ShouldBeGreaterThan(LoudDb);
        audio.DurationSeconds.ShouldBe(6, tolerance: 0.01);
    }

    [Fact]
    public async Task WithoutWindowsTheAudioIsOnlyReencoded()
    {
        var input = await RecordingAsync("dual", 4);

        var (output, result) = await RedactAsync(input, RedactionAudio.Beep);

        result.Covered.ShouldBeEmpty();
        var audio = await DecodedAudio.DecodeAsync(output);
        audio.PeakDb(0.1, 3.9, 0).ShouldBeGreaterThan(LoudDb);
        audio.PeakDb(0.1, 3.9, 1).ShouldBeGreaterThan(LoudDb);
    }

    [Fact]
    public async Task ReadsAnMp3WithAnId3Tag()
    {
        var plain = await RecordingAsync("mono", 4);
        var tagged = Path.Combine(_folder, "tagged.mp3");
        await TwoSpeakerAudio.FfmpegAsync(["-i", plain, "-c", "copy", "-id3v2_version", "3", "-metadata", "title=" + new string('x', 20_000), tagged]);

        var (output, _) = await RedactAsync(tagged, RedactionAudio.Silence, new AudioWindow(1, 2));

        (await AudioLoudness.MaxVolumeDbAsync(output, 0.75, 2.25)).ShouldBeLessThanOrEqualTo(SilentDb);
        (await AudioLoudness.MaxVolumeDbAsync(output, 2.6, 3.8)).ShouldBeGreaterThan(LoudDb);
    }

    [Fact]
    public async Task RefusesWhatIsNotAnMp3WithAClearMessage()
    {
        await using var noise = new MemoryStream(Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7 % 251 & 0x7F)).ToArray());

        var failure = await Should.ThrowAsync<AudioUndecodableException>(
            () => Redactor().RedactAsync(noise, noise.Length, [new AudioWindow(1, 2)], RedactionAudio.Silence, Stream.Null, CancellationToken.None));

        failure.Message.ShouldContain("not an mp3");
    }

    [Fact]
    public async Task RefusesAnMp3WhoseAudioIsGarbageWithFfmpegsWords()
    {
        // A real first frame, then bytes no decoder can read: ffmpeg fails and its error lines are quoted.
        var input = await File.ReadAllBytesAsync(await RecordingAsync("mono", 2));
        var broken = input[..600].Concat(Enumerable.Repeat((byte)0, 4000)).ToArray();
        await using var recording = new MemoryStream(broken);
        using var output = new MemoryStream();

        var failure = await Should.ThrowAsync<AudioUndecodableException>(
            () => Redactor().RedactAsync(recording, broken.Length, [new AudioWindow(1, 2)], RedactionAudio.Silence, output, CancellationToken.None));

        failure.Message.ShouldContain("ffmpeg could not redact the recording (exit code 1)");
        failure.Message.ShouldNotContain("(it wrote no error)", Case.Sensitive, "ffmpeg's own last lines are quoted");
        output.Length.ShouldBe(0, "nothing is written when ffmpeg fails");
    }

    [Fact]
    public async Task StopsAtItsTimeLimit()
    {
        var input = await RecordingAsync("mono", 20);
        await using var recording = new SlowStream(await File.ReadAllBytesAsync(input));

        await Should.ThrowAsync<TimeoutException>(() => Redactor(TimeSpan.FromSeconds(1))
            .RedactAsync(recording, recording.Length, [new AudioWindow(1, 2)], RedactionAudio.Silence, Stream.Null, CancellationToken.None));
    }

    /// <summary>Gives its first 32 KiB, then stalls (as a store that stopped answering).</summary>
    private sealed class SlowStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= 32 * 1024)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }
    }
}
