using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.IntegrationTests.Transcription;

/// <summary>The tests' recordings are files: each is read as the store hands a recording to a transcriber, as a stream.</summary>
internal static class TranscriberFiles
{
    public static async Task<Transcript> TranscribeFileAsync(this ITranscriber transcriber, string path, CancellationToken cancellationToken, int? channel = null)
    {
        await using var audio = File.OpenRead(path);
        return await transcriber.TranscribeAsync(audio, audio.Length, channel, cancellationToken);
    }
}
