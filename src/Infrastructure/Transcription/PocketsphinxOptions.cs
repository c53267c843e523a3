namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// The offline English speech-to-text engine's settings (section <c>Transcription:Pocketsphinx</c>): Debian's ffmpeg
/// (which decodes the recording), Debian's <c>pocketsphinx_continuous</c> (which recognises it) and the
/// <c>pocketsphinx-en-us</c> model.
/// </summary>
public sealed class PocketsphinxOptions
{
    public const string SectionName = "Transcription:Pocketsphinx";

    /// <summary>The ffmpeg executable: a name looked up on <c>PATH</c> or an absolute path.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>
    /// pocketsphinx's command-line recogniser (Debian package <c>pocketsphinx</c>): a name looked up on <c>PATH</c> or
    /// an absolute path.
    /// </summary>
    public string PocketsphinxPath { get; set; } = "pocketsphinx_continuous";

    /// <summary>
    /// The model folder, laid out as Debian's <c>pocketsphinx-en-us</c> installs it: the acoustic model in
    /// <c>en-us/</c>, the dictionary <c>cmudict-en-us.dict</c> and the language model <c>en-us.lm.bin</c>.
    /// </summary>
    public string ModelPath { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The longest one transcription may run before ffmpeg and pocketsphinx are killed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(FfmpegPath))
        {
            return "Transcription:Pocketsphinx:FfmpegPath is required.";
        }

        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            return "Transcription:Pocketsphinx:ModelPath is required.";
        }

        if (string.IsNullOrWhiteSpace(PocketsphinxPath))
        {
            return "Transcription:Pocketsphinx:PocketsphinxPath is required.";
        }

        return Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromDays(1)
            ? "Transcription:Pocketsphinx:Timeout must be positive and at most one day."
            : null;
    }
}
