using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>A mono recording, silent but for bursts of a 440 Hz tone at known times, as Twilio serves it (mp3).</summary>
public static class BurstAudio
{
    public static async Task<byte[]> Mp3Async(double seconds, params (double From, double To)[] bursts)
    {
        var loud = string.Join('+', bursts.Select(b => string.Create(CultureInfo.InvariantCulture, $"between(t,{b.From},{b.To})")));
        var path = Path.Combine(Path.GetTempPath(), $"bursts-{Guid.NewGuid():N}.mp3");
        try
        {
            var result = await Cli.Wrap("ffmpeg").WithArguments([
                "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"aevalsrc='if({loud},0.8*sin(2*PI*440*t),0)':s=8000:d={seconds}"),
                "-c:a", "libmp3lame", "-b:a", "32k", path,
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
