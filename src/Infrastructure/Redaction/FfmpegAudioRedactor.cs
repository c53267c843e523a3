using System.ComponentModel;
using System.Globalization;
using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Redaction;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Redaction;

/// <summary>Where ffmpeg is and how long a redaction may take (<c>Redaction:Audio</c>).</summary>
public sealed class FfmpegAudioRedactorOptions
{
    public const string SectionName = "Redaction:Audio";

    public string FfmpegPath { get; set; } = "ffmpeg";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Redacts a recording's audio with Debian's ffmpeg: the mp3 comes on standard input, every channel is set to digital
/// silence (or replaced by a 1 kHz tone) over the covered stretches, and the result is encoded with libmp3lame at the
/// recording's own bitrate (when constant), sample rate and channel count.
/// </summary>
/// <remarks>
/// <para>
/// How the stretches are switched: the decoded audio is cut into frames of <see cref="FrameSamples"/> samples
/// (<c>asetnsamples</c>), and one <c>asendcmd</c> turns a <c>volume</c> filter to 0 and back to 1 at each stretch's
/// start and end (for a tone, a second <c>volume</c> on a sine made by <c>aeval</c> the other way round, the two summed
/// by <c>amix</c> without normalisation). Commands act on the first frame that starts at or after their time, so each
/// stretch is widened by <see cref="FrameSamples"/> plus <see cref="EncoderGuardSamples"/> samples on both sides: the
/// first for that frame, the second because mp3's overlapping transform spreads the loud audio next to a silenced
/// stretch a frame into it (measured: -42 dBFS inside the stretch without the guard, below -90 dBFS with it). The cost
/// of a stretch is two commands, whatever their number: hundreds of redactions cost no more per frame than one, and no
/// expression grows with them. The graph is written to a filter script file (<c>-filter_complex_script</c>): no
/// command line limit applies.
/// </para>
/// <para>
/// Why temporary files and not pipes (measured with Debian's ffmpeg 5.1): ffmpeg writes the LAME/Xing header (encoder
/// delay and padding) only when its output is seekable. Written to a pipe, the mp3 has none, every decoder plays the
/// encoder's delay as extra audio at the start, and the whole recording is shifted (138 ms at 8 kHz) against the
/// transcript's times, the redactions included. Read from a pipe, ffmpeg skips the input's encoder delay but not its
/// end padding, so each redaction would make the recording longer (30 ms at 8 kHz). So the recording is first copied
/// to a private temporary folder (64 KiB at a time), ffmpeg reads that file and writes another there, which is then
/// copied to the caller's stream (an upload: the store needs no length in advance), and the folder is deleted. Memory
/// stays flat; disk holds the original and its redacted copy while one redaction runs.
/// </para>
/// <para>
/// The command (no shell): <c>ffmpeg -hide_banner -nostats -loglevel error -protocol_whitelist file -f mp3 -i file:DIR/original.mp3
/// -filter_complex_script DIR/filter.txt -map [out] -map_metadata -1 -c:a libmp3lame -b:a RATE -ar SR -ac CH -f mp3 -y
/// file:DIR/redacted.mp3</c>: the input can only be a file. The bitrate is the recording's own when it is constant
/// (read from its first frame), else 32 kbit/s per channel up to 24 kHz and 64 above.
/// </para>
/// </remarks>
public sealed partial class FfmpegAudioRedactor(IOptions<FfmpegAudioRedactorOptions> options, ILogger<FfmpegAudioRedactor> logger) : IAudioRedactor
{
    /// <summary>
    /// The start of the name of a redaction's working folder in the temporary folder (the original's copy, the filter
    /// script, the redacted file); <see cref="RedactionLeftovers"/> removes those a stopped process left.
    /// </summary>
    public const string WorkingFolderPrefix = "recordings-redact-";

    /// <summary>Samples per frame while filtering: commands take effect on frame boundaries.</summary>
    public const int FrameSamples = 128;

    /// <summary>A Layer III frame: how far the encoder's transform carries audio into a neighbouring stretch.</summary>
    public const int EncoderGuardSamples = 1152;

    /// <summary>The tone's amplitude (-12 dBFS) and pitch.</summary>
    public const double ToneAmplitude = 0.25;

    public const int ToneHertz = 1000;

    /// <summary>How much of the recording's start is read to find its first frame (after any ID3v2 tag).</summary>
    private const int SniffBytes = 16 * 1024;

    private readonly FfmpegAudioRedactorOptions _options = options.Value;

    public async Task<RedactedAudio> RedactAsync(
        Stream recording,
        long length,
        IReadOnlyList<AudioWindow> windows,
        RedactionAudio audio,
        Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!Enum.IsDefined(audio))
        {
            throw new ArgumentOutOfRangeException(nameof(audio), audio, "Silence or a tone.");
        }

        var covered = AudioWindows.Cover(windows, RedactionPolicy.AudioMarginSeconds);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        var folder = Directory.CreateTempSubdirectory(WorkingFolderPrefix);
        try
        {
            var original = Path.Combine(folder.FullName, "original.mp3");
            var script = Path.Combine(folder.FullName, "filter.txt");
            var redacted = Path.Combine(folder.FullName, "redacted.mp3");
            var header = await CopyAndSniffAsync(recording, original, limit.Token).ConfigureAwait(false);
            await File.WriteAllTextAsync(script, BuildFilterGraph(covered, audio, header.SampleRate), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), limit.Token).ConfigureAwait(false);

            await RunAsync(BuildArguments(original, script, redacted, header), limit.Token).ConfigureAwait(false);

            long written;
            await using (var file = new FileStream(redacted, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                written = file.Length;
                await file.CopyToAsync(output, 64 * 1024, limit.Token).ConfigureAwait(false);
            }

            LogRedacted(logger, covered.Count, audio, length, written);
            return new RedactedAudio(written, covered);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Redacting the recording took longer than {_options.Timeout} ({FfmpegAudioRedactorOptions.SectionName}:Timeout); it was stopped (ffmpeg killed if it ran).", ex);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException ex)
            {
                LogLeftover(logger, folder.FullName, ex);
            }
        }
    }

    /// <summary>
    /// The filter graph for <paramref name="covered"/> stretches (margins already added) at <paramref name="sampleRate"/>:
    /// see the class's remarks. Times are written with invariant culture; the input is <c>[0:a:0]</c>, the output <c>[out]</c>.
    /// </summary>
    public static string BuildFilterGraph(IReadOnlyList<AudioWindow> covered, RedactionAudio audio, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(covered);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        if (covered.Count == 0)
        {
            return "[0:a:0]anull[out]";
        }

        var guard = (FrameSamples + EncoderGuardSamples) / (double)sampleRate;
        var switched = AudioWindows.Cover(covered, guard);
        var beep = audio == RedactionAudio.Beep;
        var commands = new StringBuilder();
        var silentAtStart = switched[0].StartSeconds <= 0;
        foreach (var window in switched)
        {
            if (window.StartSeconds > 0)
            {
                Command(commands, window.StartSeconds, covering: true, beep);
            }

            Command(commands, window.EndSeconds, covering: false, beep);
        }

        var kept = silentAtStart ? "0" : "1";
        var frames = $"[0:a:0]asetnsamples=n={FrameSamples}:p=0,asendcmd=c='{commands}'";
        if (!beep)
        {
            return $"{frames},volume@speech=volume={kept}:eval=once:precision=float[out]";
        }

        var tone = string.Create(CultureInfo.InvariantCulture, $"{ToneAmplitude}*sin(2*PI*{ToneHertz}*t)");
        var toneOn = silentAtStart ? "1" : "0";
        return $"{frames},asplit=2[speech][tone];\n"
            + $"[tone]aeval=exprs='{tone}':channel_layout=same,volume@tone=volume={toneOn}:eval=once:precision=float[beep];\n"
            + $"[speech]volume@speech=volume={kept}:eval=once:precision=float[kept];\n"
            + "[kept][beep]amix=inputs=2:normalize=0:duration=first:dropout_transition=0[out]";
    }

    private static void Command(StringBuilder commands, double at, bool covering, bool beep)
    {
        if (commands.Length > 0)
        {
            commands.Append(';');
        }

        commands.Append(at.ToString("0.######", CultureInfo.InvariantCulture))
            .Append(" volume@speech volume ").Append(covering ? '0' : '1');
        if (beep)
        {
            commands.Append(", volume@tone volume ").Append(covering ? '1' : '0');
        }
    }

    private static IReadOnlyList<string> BuildArguments(string original, string script, string redacted, Mp3StreamHeader header)
    {
        var bitrate = header.ConstantBitrateKbps ?? DefaultBitrateKbps(header);
        return
        [
            "-hide_banner", "-nostats", "-loglevel", "error",
            // Only a file: no URL or other protocol can be opened as input.
            "-protocol_whitelist", "file",
            // Read as mp3 (its first frame was found): probing a damaged file can take it for something else (h263, seen).
            "-f", "mp3",
            "-i", $"file:{original}",
            "-filter_complex_script", script,
            "-map", "[out]", "-map_metadata", "-1",
            "-c:a", "libmp3lame", "-b:a", $"{bitrate.ToString(CultureInfo.InvariantCulture)}k",
            "-ar", header.SampleRate.ToString(CultureInfo.InvariantCulture),
            "-ac", header.Channels.ToString(CultureInfo.InvariantCulture),
            "-f", "mp3", "-y", $"file:{redacted}",
        ];
    }

    /// <summary>For a variable-bitrate recording: 32 kbit/s per channel up to 24 kHz (telephone audio), 64 above.</summary>
    private static int DefaultBitrateKbps(Mp3StreamHeader header) => (header.SampleRate <= 24000 ? 32 : 64) * header.Channels;

    /// <param name="cancellationToken">The caller's token linked with the time limit: when it fires, CliWrap kills ffmpeg.</param>
    private async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var errors = new ToolErrorLines();
        int exitCode;
        try
        {
            var result = await Cli.Wrap(_options.FfmpegPath)
                .WithArguments(arguments)
                .WithStandardErrorPipe(PipeTarget.ToDelegate(errors.Add))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"ffmpeg could not be started ('{_options.FfmpegPath}'). Install the Debian package ffmpeg or set "
                + $"{FfmpegAudioRedactorOptions.SectionName}:FfmpegPath. {ex.Message}", ex);
        }

        if (exitCode != 0)
        {
            throw new AudioUndecodableException(
                $"ffmpeg could not redact the recording (exit code {exitCode.ToString(CultureInfo.InvariantCulture)}). "
                + $"Its last error lines:{Environment.NewLine}{errors.ToString("(it wrote no error)")}");
        }
    }

    /// <summary>
    /// Copies the recording to <paramref name="path"/> (64 KiB at a time) and finds its first Layer III frame in the
    /// first <see cref="SniffBytes"/> bytes after any ID3v2 tag.
    /// </summary>
    private static async Task<Mp3StreamHeader> CopyAndSniffAsync(Stream recording, string path, CancellationToken cancellationToken)
    {
        await using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            await recording.CopyToAsync(copy, 64 * 1024, cancellationToken).ConfigureAwait(false);
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        var buffer = new byte[SniffBytes];
        var read = await file.ReadAtLeastAsync(buffer.AsMemory(0, 10), 10, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var tag = Mp3StreamHeader.Id3v2Length(buffer.AsSpan(0, read));
        file.Position = Math.Min(tag, file.Length);
        read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Mp3StreamHeader.Find(buffer.AsSpan(0, read))
            ?? throw new AudioUndecodableException(
                $"The recording is not an mp3: no MPEG audio Layer III frame in the first {read.ToString(CultureInfo.InvariantCulture)} bytes after its tags.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redacted {Stretches} stretch(es) of a recording with {Audio} ({InputBytes} bytes in, {OutputBytes} out)")]
    private static partial void LogRedacted(ILogger logger, int stretches, RedactionAudio audio, long inputBytes, long outputBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the redaction's temporary folder {Folder}")]
    private static partial void LogLeftover(ILogger logger, string folder, Exception exception);
}
