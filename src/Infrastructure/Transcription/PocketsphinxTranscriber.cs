using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

using CliWrap;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Offline English speech to text: Debian's ffmpeg decodes the recording and pipes it into Debian's
/// <c>pocketsphinx_continuous</c> with the <c>pocketsphinx-en-us</c> model, which prints each utterance with the times
/// of its words. Each utterance becomes a segment with its words (see <see cref="PocketsphinxOutputParser"/>); the
/// text is the utterances joined by spaces, lower case and unpunctuated, as pocketsphinx writes them.
/// </summary>
/// <remarks>
/// The two commands (no shell; nothing in them comes from the recording):
/// <code>
/// ffmpeg -hide_banner -nostats -loglevel error -protocol_whitelist pipe -i pipe:0 -map 0:a:0 -vn -sn -dn
///   -af [pan=mono|c0=cN,]aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=1
///   -f s16le -ar 16000 -ac 1 pipe:1
/// | pocketsphinx_continuous -infile /dev/stdin -time yes -samprate 16000
///   -hmm MODEL/en-us -lm MODEL/en-us.lm.bin -dict MODEL/cmudict-en-us.dict
/// </code>
/// ffmpeg reads the recording on its standard input, resamples its first audio stream to the model's format (16 kHz
/// mono 16-bit raw) and pads it with a second of silence, so that the voice activity detector hears the end of a
/// recording that stops mid-sentence; its output goes straight into pocketsphinx's standard input through a pipe that
/// this process wires (only a pipe buffer in between: memory stays flat whatever the length). pocketsphinx reads
/// <c>/dev/stdin</c> as a raw file (a name not ending in <c>.wav</c>, so no header is looked for) and prints
/// hypotheses and word times to standard output; its standard error is its log, of which only the WARN, ERROR and
/// FATAL lines are kept for an error message.
/// </remarks>
public sealed partial class PocketsphinxTranscriber : ITranscriber
{
    public const string ProviderName = "pocketsphinx";
    public const string LanguageCode = "en";

    /// <summary>The sample rate of the model and of the audio handed to pocketsphinx.</summary>
    public const int SampleRate = 16000;

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
    /// The model is incomplete, ffmpeg or pocketsphinx cannot be started, or one of them failed (the message quotes
    /// its last error lines).
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
        var decoderErrors = new ToolErrorLines(ErrorLinesKept);
        var recognizerErrors = new ToolErrorLines(ErrorLinesKept);
        int? decoderExitCode = null;
        Win32Exception? decoderNotStarted = null;

        var decoder = Cli.Wrap(_options.FfmpegPath)
            .WithArguments(BuildDecoderArguments(channel))
            .WithStandardInputPipe(PipeSource.FromStream(audio))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(decoderErrors.Add))
            .WithValidation(CommandResultValidation.None);

        // pocketsphinx's standard input is ffmpeg's standard output: CliWrap runs ffmpeg while it feeds pocketsphinx,
        // and closes pocketsphinx's input when ffmpeg ends (pocketsphinx then reports the last utterance and exits).
        var recognizer = Cli.Wrap(_options.PocketsphinxPath)
            .WithArguments(BuildRecognizerArguments())
            .WithStandardInputPipe(PipeSource.Create(async (input, token) =>
            {
                try
                {
                    var decoded = await decoder.WithStandardOutputPipe(PipeTarget.ToStream(input))
                        .ExecuteAsync(token)
                        .ConfigureAwait(false);
                    decoderExitCode = decoded.ExitCode;
                }
                catch (Win32Exception ex)
                {
                    decoderNotStarted = ex;
                }
            }))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(output.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                if (line.StartsWith("WARN", StringComparison.Ordinal) || line.StartsWith("ERROR", StringComparison.Ordinal)
                    || line.StartsWith("FATAL", StringComparison.Ordinal))
                {
                    recognizerErrors.Add(line);
                }
            }))
            .WithValidation(CommandResultValidation.None);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        int recognizerExitCode;
        try
        {
            // No shell: each command's arguments are a list. Both are read line by line while they run, and both (and
            // what they started) are killed when the token fires: the caller's cancellation or the time limit.
            var result = await recognizer.ExecuteAsync(limit.Token).ConfigureAwait(false);
            recognizerExitCode = result.ExitCode;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"pocketsphinx could not be started ('{_options.PocketsphinxPath}'). Install the Debian package "
                + $"pocketsphinx or set Transcription:Pocketsphinx:PocketsphinxPath. {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Transcribing {fileName} took longer than {_options.Timeout} "
                + "(Transcription:Pocketsphinx:Timeout); ffmpeg and pocketsphinx were killed.", ex);
        }

        if (decoderNotStarted is not null)
        {
            throw new InvalidOperationException(
                $"ffmpeg could not be started ('{_options.FfmpegPath}'). Install the Debian package ffmpeg or set "
                + $"Transcription:Pocketsphinx:FfmpegPath. {decoderNotStarted.Message}", decoderNotStarted);
        }

        // pocketsphinx first: when it stops early, ffmpeg fails too (it cannot write any more), and pocketsphinx's own
        // error is the one to read. ffmpeg failing alone (a file it cannot read) leaves pocketsphinx an empty input.
        if (recognizerExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pocketsphinx failed to transcribe {fileName} (exit code "
                + $"{recognizerExitCode.ToString(CultureInfo.InvariantCulture)}). Its last error lines:"
                + $"{Environment.NewLine}{recognizerErrors.ToString("(it wrote no error)")}");
        }

        if (decoderExitCode != 0)
        {
            throw new InvalidOperationException(
                $"ffmpeg failed to decode {fileName} (exit code "
                + $"{decoderExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}). Its last error lines:"
                + $"{Environment.NewLine}{decoderErrors.ToString("(it wrote no error)")}");
        }

        var segments = PocketsphinxOutputParser.ToSegments(output);
        var text = string.Join(' ', segments.Select(s => s.Text));
        LogTranscribed(fileName, segments.Count, stopwatch.Elapsed);

        return new Transcript(LanguageCode, text, segments);
    }

    /// <summary>How many of a tool's last error lines an error message quotes.</summary>
    public const int ErrorLinesKept = ToolErrorLines.DefaultKept;

    /// <summary>
    /// ffmpeg's arguments: the recording on standard input, 16 kHz mono 16-bit raw audio on standard output (see the
    /// remarks of <see cref="PocketsphinxTranscriber"/>). For one channel of a dual-channel recording, <c>pan</c> keeps
    /// that channel alone before anything else (without it, <c>aformat</c> would mix both speakers into one).
    /// </summary>
    public static IReadOnlyList<string> BuildDecoderArguments(int? channel = null)
    {
        var filters = new List<string>();
        if (channel is { } c)
        {
            filters.Add($"pan=mono|c0=c{(c - 1).ToString(CultureInfo.InvariantCulture)}");
        }

        var rate = SampleRate.ToString(CultureInfo.InvariantCulture);
        filters.AddRange([$"aresample={rate}", "aformat=sample_fmts=s16:channel_layouts=mono", "apad=pad_dur=1"]);

        return
        [
            "-hide_banner", "-nostats", "-loglevel", "error",
            // Only standard input: no file, URL or other protocol can be opened.
            "-protocol_whitelist", "pipe",
            "-i", "pipe:0",
            "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-af", string.Join(',', filters),
            "-f", "s16le", "-ar", rate, "-ac", "1", "pipe:1",
        ];
    }

    /// <summary>pocketsphinx's arguments: raw audio on standard input, word times on standard output.</summary>
    public IReadOnlyList<string> BuildRecognizerArguments() =>
    [
        "-infile", "/dev/stdin",
        "-time", "yes",
        "-samprate", SampleRate.ToString(CultureInfo.InvariantCulture),
        "-hmm", _model.AcousticModelDirectory,
        "-lm", _model.LanguageModelFile,
        "-dict", _model.DictionaryFile,
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed {FileName} with pocketsphinx: {Segments} segment(s) in {Elapsed}")]
    private partial void LogTranscribed(string fileName, int segments, TimeSpan elapsed);
}
