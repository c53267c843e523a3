using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace Recordings.Demo;

/// <summary>
/// Makes the demo calls' audio offline, once: espeak-ng speaks the scripted lines (English and Hebrew voices) and
/// ffmpeg joins them, or pocketsphinx-testdata's human recordings, into a mono MP3 as Twilio would serve it; a
/// dual-channel call's turns go into a stereo MP3 (the customer on channel 1, the agent on channel 2, 64 kbit/s, as
/// Twilio serves <c>?RequestedChannels=2</c>). Files are cached by a hash of what they are made of, so a restart reuses
/// them and a changed script makes a new one.
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
        var scripted = call.ScriptedLanguage is not null;
        if (File.Exists(path) && (!scripted || File.Exists(WordsPathFor(call))))
        {
            return path;
        }

        var work = Directory.CreateTempSubdirectory("recordings-demo-audio-").FullName;
        try
        {
            var words = scripted ? new List<DemoWord>() : null;
            var inputs = words is not null ? await WordByWordInputsAsync(call.Turns, words, work, cancellationToken)
                : call.Turns.Count > 0 ? await TurnInputsAsync(call.Turns, work, cancellationToken)
                : call.Lines.Count > 0 ? await SpeakAsync(call.Lines, work, cancellationToken)
                : call.TestDataFiles.Select(TestDataPath).ToList();
            foreach (var input in inputs.Where(i => !File.Exists(i)))
            {
                throw new DemoSetupException($"Demo audio source {input} is missing (apt-get install pocketsphinx-testdata).");
            }

            var partial = Path.Combine(work, "call.mp3");
            await RunAsync("ffmpeg", call.Turns.Count > 0 ? TwoChannelArguments(call.Turns, inputs, partial) : JoinArguments(inputs, partial), cancellationToken);
            if (words is not null)
            {
                // Before the MP3, whose presence says the call is made.
                await File.WriteAllTextAsync(WordsPathFor(call), JsonSerializer.Serialize(words), cancellationToken);
            }

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

    /// <summary>Where the words of a call with a scripted transcript are kept, with their times (JSON, beside its MP3).</summary>
    public string WordsPathFor(DemoCall call) => Path.ChangeExtension(PathFor(call), ".words.json");

    /// <summary>
    /// The words of a call with a scripted transcript (<see cref="DemoCall.ScriptedLanguage"/>), each with its channel
    /// and its time in the call's MP3, as they were made with it; null when it is not made (yet).
    /// </summary>
    public async Task<IReadOnlyList<DemoWord>?> WordsAsync(DemoCall call, CancellationToken cancellationToken)
    {
        var path = WordsPathFor(call);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<DemoWord>>(file, cancellationToken: cancellationToken);
    }

    /// <summary>The bit rate of a demo call's MP3: 32 kbit/s per channel (Twilio's dual-channel MP3 is 64 kbit/s).</summary>
    public static int BitsPerSecond(DemoCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return 32_000 * call.Channels;
    }

    private static string TestDataPath(string file) => Path.Combine(DemoCatalog.TestDataRoot, file);

    private static async Task<List<string>> SpeakAsync(IReadOnlyList<DemoLine> lines, string work, CancellationToken cancellationToken)
    {
        var files = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            files.Add(await SpeakAsync(lines[i], Path.Combine(work, $"line-{i:d2}.wav"), cancellationToken));
        }

        return files;
    }

    private static async Task<string> SpeakAsync(DemoLine line, string wav, CancellationToken cancellationToken)
    {
        await RunAsync("espeak-ng", ["-v", line.Voice, "-s", "155", "-w", wav, line.Text], cancellationToken);
        return wav;
    }

    /// <summary>Each turn's audio: its line spoken by espeak-ng, or its pocketsphinx-testdata file.</summary>
    private static async Task<List<string>> TurnInputsAsync(IReadOnlyList<DemoTurn> turns, string work, CancellationToken cancellationToken)
    {
        var files = new List<string>(turns.Count);
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            files.Add(turn.Line is { } line ? await SpeakAsync(line, Path.Combine(work, $"turn-{i:d2}.wav"), cancellationToken)
                : TestDataPath(turn.TestDataFile ?? throw new DemoSetupException($"Turn {i} of a demo call has neither a line nor a file.")));
        }

        return files;
    }

    /// <summary>The pause between two words of a line spoken word by word.</summary>
    private const double WordGapSeconds = 0.12;

    /// <summary>
    /// A sample louder than this (of 32767) is speech: a word's time is from its first such sample to its last, without
    /// the silence espeak-ng puts around it.
    /// </summary>
    private const int SpeechLevel = 300;

    /// <summary>
    /// Each turn's line spoken word by word: every word synthesized alone by espeak-ng and the words joined with
    /// <see cref="WordGapSeconds"/> of silence into the turn's WAV, so that each word's start and end in the call are
    /// known exactly (the turns follow one another after their pauses, as <see cref="TwoChannelArguments"/> lays
    /// them out). The words are added to <paramref name="words"/>.
    /// </summary>
    private static async Task<List<string>> WordByWordInputsAsync(IReadOnlyList<DemoTurn> turns, List<DemoWord> words, string work,
        CancellationToken cancellationToken)
    {
        var files = new List<string>(turns.Count);
        var cursor = 0.0;
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            var line = turn.Line ?? throw new DemoSetupException($"Turn {i} of a scripted demo call has no line to speak.");
            cursor += turn.PauseSeconds;
            var samples = new List<short>();
            var rate = 0;
            var texts = line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var j = 0; j < texts.Length; j++)
            {
                var wav = await SpeakAsync(line with { Text = texts[j] }, Path.Combine(work, $"turn-{i:d2}-word-{j:d2}.wav"), cancellationToken);
                var (wordRate, pcm) = PcmWav.Read(wav);
                if (rate != 0 && wordRate != rate)
                {
                    throw new DemoSetupException($"espeak-ng spoke the words of one line at {rate} and {wordRate} Hz.");
                }

                rate = wordRate;
                if (j > 0)
                {
                    samples.AddRange(new short[(int)Math.Round(WordGapSeconds * rate)]);
                }

                var first = Array.FindIndex(pcm, x => Math.Abs((int)x) > SpeechLevel);
                var last = Array.FindLastIndex(pcm, x => Math.Abs((int)x) > SpeechLevel);
                if (first < 0)
                {
                    (first, last) = (0, Math.Max(0, pcm.Length - 1));
                }

                words.Add(new DemoWord((int)turn.Speaker, i, cursor + (samples.Count + first) / (double)rate,
                    cursor + (samples.Count + last + 1) / (double)rate, texts[j]));
                samples.AddRange(pcm);
            }

            var turnWav = Path.Combine(work, $"turn-{i:d2}.wav");
            PcmWav.Write(turnWav, rate, samples);
            files.Add(turnWav);
            cursor += samples.Count / (double)rate;
        }

        return files;
    }

    /// <summary>ffmpeg: every input as 16 kHz mono, 0.6 s of silence after each, joined, as a 32 kbit/s MP3.</summary>
    private static List<string> JoinArguments(List<string> inputs, string output)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        AddInputs(arguments, inputs);
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

    /// <summary>
    /// ffmpeg: every turn as 16 kHz mono, delayed by its pause, then put on its speaker's channel of a stereo stream
    /// (silence on the other), the turns one after the other, 1 s of silence at the end, as a 64 kbit/s stereo MP3 whose
    /// channels are coded apart (no joint stereo, so neither speaker leaks into the other's lane).
    /// </summary>
    private static List<string> TwoChannelArguments(IReadOnlyList<DemoTurn> turns, List<string> inputs, string output)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        AddInputs(arguments, inputs);
        var filter = new StringBuilder();
        for (var i = 0; i < turns.Count; i++)
        {
            var pan = turns[i].Speaker == DemoSpeaker.Customer ? "c0=c0|c1=0*c0" : "c0=0*c0|c1=c0";
            var tail = i == turns.Count - 1 ? ",apad=pad_dur=1" : string.Empty;
            filter.Append(CultureInfo.InvariantCulture,
                $"[{i}:a]aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,adelay=delays={Math.Round(turns[i].PauseSeconds * 1000)}:all=1,pan=stereo|{pan}{tail}[t{i}];");
        }

        for (var i = 0; i < turns.Count; i++)
        {
            filter.Append(CultureInfo.InvariantCulture, $"[t{i}]");
        }

        filter.Append(CultureInfo.InvariantCulture, $"concat=n={turns.Count}:v=0:a=1[out]");
        arguments.AddRange(["-filter_complex", filter.ToString(), "-map", "[out]", "-c:a", "libmp3lame", "-b:a", "64k", "-joint_stereo", "0", output]);
        return arguments;
    }

    private static void AddInputs(List<string> arguments, List<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (input.EndsWith(".raw", StringComparison.OrdinalIgnoreCase))
            {
                // pocketsphinx-testdata's raw files are 16 kHz, 16-bit, mono PCM.
                arguments.AddRange(["-f", "s16le", "-ar", "16000", "-ac", "1"]);
            }

            arguments.AddRange(["-i", input]);
        }
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
        // A mono call's recipe is what it was before dual-channel calls existed, so its cached file stays valid.
        var recipe = (call.ScriptedLanguage is null ? string.Empty : $"word by word|{WordGapSeconds.ToString("R", CultureInfo.InvariantCulture)}\n")
            + string.Join('\n', call.Lines.Select(l => l.Voice + "|" + l.Text).Concat(call.TestDataFiles)
            .Concat(call.Turns.Select(t => string.Join('|', "turn", t.Speaker, t.PauseSeconds.ToString("R", CultureInfo.InvariantCulture),
                t.Line?.Voice, t.Line?.Text, t.TestDataFile))));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: made the audio of call {Number} in {Path}")]
    private static partial void LogMade(ILogger logger, int number, string path);
}

/// <summary>
/// A word of a call with a scripted transcript: the channel it is heard on (its speaker's), the turn it belongs to, and
/// its time in the call's audio (seconds from the start).
/// </summary>
public sealed record DemoWord(int Channel, int Turn, double StartSeconds, double EndSeconds, string Text);

/// <summary>The 16-bit mono PCM WAV files espeak-ng writes, read and written.</summary>
internal static class PcmWav
{
    public static (int Rate, short[] Samples) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            throw new DemoSetupException($"{path} is not a WAV file.");
        }

        var rate = 0;
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var id = Encoding.ASCII.GetString(bytes, at, 4);
            var size = BitConverter.ToInt32(bytes, at + 4);
            var body = at + 8;
            if (id == "fmt ")
            {
                var channels = BitConverter.ToInt16(bytes, body + 2);
                var bits = BitConverter.ToInt16(bytes, body + 14);
                if (channels != 1 || bits != 16)
                {
                    throw new DemoSetupException($"{path} is not 16-bit mono ({channels} channels, {bits} bits).");
                }

                rate = BitConverter.ToInt32(bytes, body + 4);
            }
            else if (id == "data")
            {
                // espeak-ng may leave the size unset when it writes as it speaks: the data then runs to the end.
                var length = size <= 0 || body + size > bytes.Length ? bytes.Length - body : size;
                var samples = new short[length / 2];
                Buffer.BlockCopy(bytes, body, samples, 0, samples.Length * 2);
                return rate == 0 ? throw new DemoSetupException($"{path} has no format before its data.") : (rate, samples);
            }

            at = body + size + (size & 1);
        }

        throw new DemoSetupException($"{path} has no data.");
    }

    public static void Write(string path, int rate, List<short> samples)
    {
        using var writer = new BinaryWriter(File.Create(path));
        var dataBytes = samples.Count * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in samples)
        {
            writer.Write(sample);
        }
    }
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
