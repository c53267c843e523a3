using System.Globalization;
using CliWrap;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// One channel of a dual-channel recording as a mono mp3 of its own, for an engine that takes a whole file (the
/// OpenAI-compatible endpoint): ffmpeg reads the recording from a pipe, keeps the channel with <c>pan</c> and encodes
/// it (32 kbit/s, as Twilio's mono recordings) into a temporary file that is deleted when the returned stream closes.
/// </summary>
public static class ChannelFile
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task<FileStream> ExtractAsync(Stream audio, int channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfLessThan(channel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 2);

        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"recordings-channel-{Guid.NewGuid():N}.mp3"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Limit);
            var errors = new ToolErrorLines();
            var result = await Cli.Wrap("ffmpeg")
                .WithArguments([
                    "-hide_banner", "-nostats", "-loglevel", "error", "-protocol_whitelist", "pipe", "-i", "pipe:0",
                    "-map", "0:a:0", "-vn", "-sn", "-dn",
                    "-af", $"pan=mono|c0=c{(channel - 1).ToString(CultureInfo.InvariantCulture)}",
                    "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1",
                ])
                .WithStandardInputPipe(PipeSource.FromStream(audio))
                .WithStandardOutputPipe(PipeTarget.ToStream(file))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(errors.Add))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(limit.Token);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"ffmpeg could not take channel {channel} out of the recording (exit code {result.ExitCode}): {errors}");
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
