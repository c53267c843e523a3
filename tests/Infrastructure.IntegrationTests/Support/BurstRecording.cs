namespace Recordings.Infrastructure.IntegrationTests.Support;

/// <summary>
/// A recording that is silent but for bursts of a 440 Hz tone at known times: where its sound is, is known to the
/// millisecond, so a test can tell whether the waveform puts it there. Encoded as Twilio sends a recording (mp3).
/// </summary>
public static class BurstRecording
{
    /// <summary>Writes <paramref name="seconds"/> of audio to <paramref name="path"/>, loud only during <paramref name="bursts"/>.</summary>
    public static Task WriteAsync(string path, double seconds, params (double From, double To)[] bursts)
    {
        var loud = string.Join('+', bursts.Select(b => FormattableString.Invariant($"between(t,{b.From},{b.To})")));
        return TwoSpeakerAudio.FfmpegAsync([
            "-f", "lavfi", "-i", FormattableString.Invariant($"aevalsrc='if({loud},0.8*sin(2*PI*440*t),0)':s=8000:d={seconds}"),
            "-c:a", "libmp3lame", "-b:a", "32k", path,
        ]);
    }
}
