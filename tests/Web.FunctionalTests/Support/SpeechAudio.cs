using System.Diagnostics;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>Speech pocketsphinx recognises, as Twilio serves it.</summary>
public static class SpeechAudio
{
    /// <summary>A real human recording ("go forward ten meters", Debian's pocketsphinx-testdata) as an mp3.</summary>
    public static async Task<byte[]> GoForwardMp3Async()
    {
        const string raw = "/usr/share/pocketsphinx/test/data/goforward.raw";
        File.Exists(raw).ShouldBeTrue($"{raw} is missing: install pocketsphinx-testdata (./test.sh does)");
        var mp3 = Path.Combine(Path.GetTempPath(), $"goforward-{Guid.NewGuid():N}.mp3");
        var ffmpeg = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", raw, "-c:a", "libmp3lame", "-b:a", "32k", mp3 })
        {
            ffmpeg.ArgumentList.Add(argument);
        }

        using var process = Process.Start(ffmpeg)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, errors);
        var bytes = await File.ReadAllBytesAsync(mp3);
        File.Delete(mp3);
        return bytes;
    }
}
