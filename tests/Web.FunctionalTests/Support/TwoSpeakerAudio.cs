using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>A dual-channel recording whose speech is known, as Twilio serves it.</summary>
public static class TwoSpeakerAudio
{
    /// <summary>The customer on channel 1 from 1 s, the agent on channel 2 from 8 s, 20 s in all (as TwoSpeakerRecording of the infrastructure tests).</summary>
    public static async Task<byte[]> Mp3Async()
    {
        var path = Path.Combine(Path.GetTempPath(), $"insight-{Guid.NewGuid():N}.mp3");
        try
        {
            var result = await Cli.Wrap("ffmpeg").WithArguments([
                "-hide_banner", "-loglevel", "error", "-y",
                "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "/usr/share/pocketsphinx/test/data/goforward.raw",
                "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "/usr/share/pocketsphinx/test/data/numbers.raw",
                "-filter_complex", "[0]adelay=1000,apad=whole_dur=20[c];[1]adelay=8000,apad=whole_dur=20[a];[c][a]join=inputs=2:channel_layout=stereo[out]",
                "-map", "[out]", "-t", "20", "-c:a", "libmp3lame", "-b:a", "64k", path,
            ]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            result.ExitCode.ShouldBe(0, result.StandardError);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
