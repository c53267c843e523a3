using System.Security.Cryptography;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Demo;

/// <summary>
/// The demo's transcriber: the app's own (<see cref="ITranscriber"/>, as configured), except for the demo calls whose
/// transcript is scripted (<see cref="DemoCall.ScriptedLanguage"/>: the Hebrew call the demo business redacts).
/// <para>
/// <b>Their transcript is scripted, not heard</b>: no speech engine that runs offline here transcribes Hebrew
/// (pocketsphinx is English only, and does not hear espeak-ng's digits either). The demo knows the words it made the
/// audio from, and when each is said (<see cref="DemoAudioLibrary"/> speaks them one by one and keeps their times), so
/// for that audio it returns those words, with their times, for the channel asked, as an engine with word timestamps
/// would. It recognises the audio by its bytes: the SHA-256 of the MP3 the demo made, which the simulated Twilio serves
/// and the app stores as it is. Every other recording goes to the real engine. What follows is the real pipeline:
/// the transcript is redacted, then the audio, and the waveform is drawn from the redacted copy.
/// </para>
/// </summary>
public sealed partial class DemoScriptedTranscriber(ITranscriber engine, DemoAudioLibrary library, ILogger<DemoScriptedTranscriber> logger)
    : ITranscriber
{
    private volatile IReadOnlyList<Script>? _scripts;

    /// <summary>The configured engine's name: the other calls are its work, and this one stands in for it.</summary>
    public string Provider => engine.Provider;

    public async Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var candidates = (await ScriptsAsync(cancellationToken)).Where(s => s.Length == length).ToList();
        if (candidates.Count == 0)
        {
            return await engine.TranscribeAsync(audio, length, channel, cancellationToken);
        }

        // As long as a demo MP3 (a few hundred kilobytes): read whole to be hashed, then given to the engine if it is not one.
        using var copy = new MemoryStream(checked((int)length));
        await audio.CopyToAsync(copy, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(copy.GetBuffer().AsSpan(0, (int)copy.Length)));
        if (candidates.FirstOrDefault(s => s.Sha256 == sha256) is { } script)
        {
            LogScripted(logger, script.Number, channel);
            return script.TranscriptOf(channel);
        }

        copy.Position = 0;
        return await engine.TranscribeAsync(copy, length, channel, cancellationToken);
    }

    /// <summary>
    /// The scripted calls' MP3s as made (their length, hash and words), read once they all exist (two transcriptions
    /// at once may both read them: the same files, the same answer).
    /// </summary>
    private async Task<IReadOnlyList<Script>> ScriptsAsync(CancellationToken cancellationToken)
    {
        if (_scripts is { } scripts)
        {
            return scripts;
        }

        var loaded = new List<Script>();
        var complete = true;
        foreach (var call in DemoCatalog.Calls.SelectMany(c => c.Parts).Where(c => c.ScriptedLanguage is not null))
        {
            var path = library.PathFor(call);
            var words = await library.WordsAsync(call, cancellationToken);
            if (!File.Exists(path) || words is null)
            {
                complete = false; // not made yet: looked for again on the next call
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            loaded.Add(new Script(call.Number, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)), call.ScriptedLanguage!, words));
        }

        if (complete)
        {
            _scripts = loaded;
        }

        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo: the transcript of call {Number} (channel {Channel}) is its script, not heard: no offline engine here transcribes Hebrew")]
    private static partial void LogScripted(ILogger logger, int number, int? channel);

    /// <summary>A scripted call's MP3 (its number, length and SHA-256) and its words.</summary>
    private sealed record Script(int Number, long Length, string Sha256, string Language, IReadOnlyList<DemoWord> Words)
    {
        /// <summary>
        /// What an engine with word timestamps would return for <paramref name="channel"/> (both channels mixed when
        /// null): a segment per turn heard on it, each with its words and their times.
        /// </summary>
        public Transcript TranscriptOf(int? channel)
        {
            var segments = Words
                .Where(w => channel is null || w.Channel == channel)
                .GroupBy(w => w.Turn)
                .OrderBy(g => g.Key)
                .Select(g => g.OrderBy(w => w.StartSeconds).ToList())
                .Select(words => new TranscriptSegment(words[0].StartSeconds, words[^1].EndSeconds, null,
                    string.Join(' ', words.Select(w => w.Text)),
                    Words: [.. words.Select(w => new TranscriptWord(w.StartSeconds, w.EndSeconds, w.Text))]))
                .ToList();
            return new Transcript(Language, string.Join(' ', segments.Select(s => s.Text)), segments);
        }
    }
}
