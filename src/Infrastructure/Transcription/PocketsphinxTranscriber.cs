using System.ComponentModel;
using System.Diagnostics;
using CliWrap;
using System.Globalization;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Offline English speech to text: Debian's ffmpeg decodes the recording and runs pocketsphinx on it through its
/// <c>asr</c> filter, with the <c>pocketsphinx-en-us</c> model. Each utterance becomes a segment (times: see
/// <see cref="AsrMetadataParser"/>); the text is the utterances joined by spaces, lower case and unpunctuated, as
/// pocketsphinx writes them.
/// </summary>
/// <remarks>
/// The command (no shell; the recording's path is the only argument that is not fixed or configured):
/// <code>
/// ffmpeg -hide_banner -nostdin -nostats -loglevel error -protocol_whitelist file -i file:RECORDING
///   -map 0:a:0 -vn -sn -dn
///   -af aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=1,
///       silencedetect=noise=-35dB:duration=0.25,asr=rate=16000:hmm=MODEL/en-us:dict=MODEL/cmudict-en-us.dict:lm=MODEL/en-us.lm.bin,
///       ametadata=mode=print:file=-
///   -f null -
/// </code>
/// The first audio stream is resampled to 16 kHz mono 16-bit (the model's format), padded with a second of silence
/// (the <c>asr</c> filter only reports an utterance once it hears silence after it, so without the padding a recording
/// that ends mid-sentence would lose its last words), and <c>ametadata</c> prints the recognised text and the detected
/// silences to standard output. The recording is streamed by ffmpeg, never loaded whole.
/// </remarks>
public sealed partial class PocketsphinxTranscriber : ITranscriber
{
    public const string ProviderName = "pocketsphinx";
    public const string LanguageCode = "en";

    /// <summary>Below this level a stretch of at least <see cref="SilenceMinimumSeconds"/> counts as silence.</summary>
    public const string SilenceThreshold = "-35dB";

    public const string SilenceMinimumSeconds = "0.25";

    private readonly PocketsphinxOptions _options;
    private readonly PocketsphinxModel _model;
    private readonly ILogger<PocketsphinxTranscriber> _logger;

    public PocketsphinxTranscriber(IOptions<PocketsphinxOptions> options, ILogger<PocketsphinxTranscriber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        _options = options.Value;
        var problem = _options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _model = new PocketsphinxModel(_options.ModelPath);
        _logger = logger;
    }

    public string Provider => ProviderName;

    /// <exception cref="InvalidOperationException">
    /// The model is incomplete, ffmpeg cannot be started, or it failed (the message quotes its last error lines).
    /// </exception>
    /// <exception cref="TimeoutException">It ran longer than <see cref="PocketsphinxOptions.Timeout"/>.</exception>
    public async Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        cancellationToken.ThrowIfCancellationRequested();
        if (channel is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "A recording has channels 1 and 2 at most.");
        }

        var fileName = channel is null ? "the recording" : $"channel {channel} of the recording";

        var missing = _model.FindMissingPart();
        if (missing is not null)
        {
            throw new InvalidOperationException(
                $"The pocketsphinx model is incomplete: {missing} is missing. Install the Debian package "
                + "pocketsphinx-en-us or set Transcription:Pocketsphinx:ModelPath.");
        }

        var stopwatch = Stopwatch.StartNew();
        var output = new List<string>();
        var lastErrors = new ToolErrorLines(ErrorLinesKept);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        int exitCode;
        try
        {
            // CliWrap runs ffmpeg with its arguments as a list (no shell), reads both streams as lines while it runs,
            // and kills it (and what it started) when the token fires: the caller's cancellation or the time limit.
            var result = await Cli.Wrap(_options.FfmpegPath)
                .WithArguments(BuildArguments(channel))
                .WithStandardInputPipe(PipeSource.FromStream(audio))
                .WithStandardOutputPipe(PipeTarget.ToDelegate(output.Add))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(lastErrors.Add))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(limit.Token)
                .ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"ffmpeg could not be started ('{_options.FfmpegPath}'). Install the Debian package ffmpeg or set "
                + $"Transcription:Pocketsphinx:FfmpegPath. {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Transcribing {fileName} took longer than {_options.Timeout} "
                + "(Transcription:Pocketsphinx:Timeout); ffmpeg was killed.", ex);
        }

        if (exitCode != 0)
        {
            var errors = lastErrors.ToString("(it wrote no error)");
            throw new InvalidOperationException(
                $"ffmpeg failed to transcribe {fileName} (exit code "
                + $"{exitCode.ToString(CultureInfo.InvariantCulture)}). Its last error lines:{Environment.NewLine}{errors}");
        }

        var segments = AsrMetadataParser.ToSegments(output);
        var text = string.Join(' ', segments.Select(s => s.Text));
        var elapsed = stopwatch.Elapsed;
        LogTranscribed(fileName, segments.Count, elapsed);

        return new Transcript(LanguageCode, text, segments);
    }

    /// <summary>How many of ffmpeg's last standard error lines an error message quotes.</summary>
    public const int ErrorLinesKept = ToolErrorLines.DefaultKept;

    /// <summary>
    /// ffmpeg's arguments: the recording comes on standard input (see the remarks of <see cref="PocketsphinxTranscriber"/>).
    /// For one channel of a dual-channel recording, <c>pan</c> keeps that channel alone before anything else (without
    /// it, <c>aformat</c> would mix both speakers into one).
    /// </summary>
    public IReadOnlyList<string> BuildArguments(int? channel = null)
    {
        var filters = new List<string>();
        if (channel is { } c)
        {
            filters.Add($"pan=mono|c0=c{(c - 1).ToString(CultureInfo.InvariantCulture)}");
        }

        filters.AddRange([
            "aresample=16000",
            "aformat=sample_fmts=s16:channel_layouts=mono",
            "apad=pad_dur=1",
            $"silencedetect=noise={SilenceThreshold}:duration={SilenceMinimumSeconds}",
            $"asr=rate=16000:hmm={_model.AcousticModelDirectory}:dict={_model.DictionaryFile}:lm={_model.LanguageModelFile}",
            "ametadata=mode=print:file=-",
        ]);

        return
        [
            "-hide_banner", "-nostats", "-loglevel", "error",
            // Only standard input: no file, URL or other protocol can be opened.
            "-protocol_whitelist", "pipe",
            "-i", "pipe:0",
            "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-af", string.Join(',', filters),
            "-f", "null", "-",
        ];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed {FileName} with pocketsphinx: {Segments} segment(s) in {Elapsed}")]
    private partial void LogTranscribed(string fileName, int segments, TimeSpan elapsed);
}
