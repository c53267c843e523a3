using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Demo;

/// <summary>
/// Makes the demo calls' audio offline, once: espeak-ng speaks the scripted lines (English and Hebrew voices) and
/// ffmpeg joins them, or pocketsphinx-testdata's human recordings, into a mono MP3 as Twilio would serve it. Files are
/// cached by a hash of what they are made of, so a restart reuses them and a changed script makes a new one.
/// </summary>
public sealed partial class DemoAudioLibrary(string directory, ILogger<DemoAudioLibrary> logger)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The MP3 of <paramref name="call"/>, made now unless it is cached.</summary>
    public async Task<string> GetAsync(DemoCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.HasRecording)
        {
            throw new ArgumentException($"Demo call {call.Number} has no recording.", nameof(call));
        }

        Directory.CreateDirectory(directory);
        var path = PathFor(call);
        if (File.Exists(path))
        {
            return path;
        }

        var work = Directory.CreateTempSubdirectory("recordings-demo-audio-").FullName;
        try
        {
            var inputs = call.Lines.Count > 0
                ? await SpeakAsync(call.Lines, work, cancellationToken)
                : call.TestDataFiles.Select(f => Path.Combine(DemoCatalog.TestDataRoot, f)).ToList();
            foreach (var input in inputs.Where(i => !File.Exists(i)))
            {
                throw new DemoSetupException($"Demo audio source {input} is missing (apt-get install pocketsphinx-testdata).");
            }

            var partial = Path.Combine(work, "call.mp3");
            await RunAsync("ffmpeg", JoinArguments(inputs, partial), cancellationToken);
            File.Move(partial, path, overwrite: true);
            LogMade(logger, call.Number, path);
            return path;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Where the MP3 of <paramref name="call"/> is cached (whether or not it is made yet).</summary>
    public string PathFor(DemoCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var part = call.Part == 1 ? string.Empty : $"-part{call.Part}";
        return Path.Combine(directory, $"call-{call.Number:d2}{part}-{Fingerprint(call)}.mp3");
    }

    private static async Task<List<string>> SpeakAsync(IReadOnlyList<DemoLine> lines, string work, CancellationToken cancellationToken)
    {
        var files = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var wav = Path.Combine(work, $"line-{i:d2}.wav");
            await RunAsync("espeak-ng", ["-v", lines[i].Voice, "-s", "155", "-w", wav, lines[i].Text], cancellationToken);
            files.Add(wav);
        }

        return files;
    }

    /// <summary>ffmpeg: every input as 16 kHz mono, 0.6 s of silence after each, joined, as a 32 kbit/s MP3.</summary>
    private static List<string> JoinArguments(List<string> inputs, string output)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        foreach (var input in inputs)
        {
            if (input.EndsWith(".raw", StringComparison.OrdinalIgnoreCase))
            {
                // pocketsphinx-testdata's raw files are 16 kHz, 16-bit, mono PCM.
                arguments.AddRange(["-f", "s16le", "-ar", "16000", "-ac", "1"]);
            }

            arguments.AddRange(["-i", input]);
        }

        var filter = new StringBuilder();
        for (var i = 0; i < inputs.Count; i++)
        {
            filter.Append(CultureInfo.InvariantCulture,
                $"[{i}:a]aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=0.6[a{i}];");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            filter.Append(CultureInfo.InvariantCulture, $"[a{i}]");
        }

        filter.Append(CultureInfo.InvariantCulture, $"concat=n={inputs.Count}:v=0:a=1[out]");
        arguments.AddRange(["-filter_complex", filter.ToString(), "-map", "[out]", "-c:a", "libmp3lame", "-b:a", "32k", output]);
        return arguments;
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        BufferedCommandResult result;
        try
        {
            // CliWrap: arguments as a list (no shell), both streams read, the process killed when the token fires.
            result = await Cli.Wrap(tool).WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DemoSetupException($"Demo mode makes its audio with {tool}, which is not installed (apt-get install espeak-ng ffmpeg).", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new DemoSetupException($"{tool} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }

    private static string Fingerprint(DemoCall call)
    {
        var recipe = string.Join('\n', call.Lines.Select(l => l.Voice + "|" + l.Text).Concat(call.TestDataFiles));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: made the audio of call {Number} in {Path}")]
    private static partial void LogMade(ILogger logger, int number, string path);
}

/// <summary>Demo mode cannot start: a tool or file it needs is missing, or its settings are unsafe.</summary>
public sealed class DemoSetupException : Exception
{
    public DemoSetupException(string message)
        : base(message)
    {
    }

    public DemoSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
