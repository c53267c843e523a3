using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Testing;

/// <summary>
/// The one two-speaker recording of the test projects, whose speech is known: pocketsphinx-testdata's "go forward ten
/// meters" (speech from 0.5 to 2.36 s of the file) on channel 1, the customer, at 1 s; its "numbers" (speech to 3.56 s)
/// on channel 2, the agent, at 8 s; digital silence elsewhere, 20 s in all, encoded as a 64 kbit/s stereo mp3 as Twilio
/// sends a dual-channel recording. Also the same mixed down to mono.
/// </summary>
public static class TwoSpeakerAudio
{
    private const string TestData = "/usr/share/pocketsphinx/test/data";

    public const double DurationSeconds = 20;

    /// <summary>Writes the stereo recording to <paramref name="stereo"/> and, when given, its mono mix to <paramref name="mono"/>.</summary>
    public static async Task WriteAsync(string stereo, string? mono = null)
    {
        await FfmpegAsync([
            "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", $"{TestData}/goforward.raw",
            "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", $"{TestData}/numbers.raw",
            "-filter_complex", "[0]adelay=1000,apad=whole_dur=20[customer];[1]adelay=8000,apad=whole_dur=20[agent];[customer][agent]join=inputs=2:channel_layout=stereo[out]",
            "-map", "[out]", "-t", "20", "-c:a", "libmp3lame", "-b:a", "64k", stereo,
        ]);
        if (mono is not null)
        {
            await FfmpegAsync(["-i", stereo, "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k", mono]);
        }
    }

    /// <summary>The stereo recording's bytes, as Twilio serves it.</summary>
    public static async Task<byte[]> Mp3Async()
    {
        var path = Path.Combine(Path.GetTempPath(), $"two-speakers-{Guid.NewGuid():N}.mp3");
        try
        {
            await WriteAsync(path);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task FfmpegAsync(string[] arguments)
    {
        var result = await Cli.Wrap("ffmpeg").WithArguments(["-hide_banner", "-loglevel", "error", "-y", .. arguments])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        result.ExitCode.ShouldBe(0, result.StandardError);
    }
}
