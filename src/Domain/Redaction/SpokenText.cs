namespace Recordings.Domain.Redaction;

/// <summary>
/// What one speaker said, as redaction reads it: the words in order (across the speaker's segments that follow one
/// another), the numbers in them (<see cref="SpokenNumbers"/>) and the cues (<see cref="Cues"/>). Detectors find
/// entities here; a detection names words by their index in <see cref="Words"/>.
/// </summary>
public sealed class SpokenText
{
    /// <summary>A cue counts for a number that starts at most this many words after the cue's last word.</summary>
    public const int CueWindow = 12;

    public SpokenText(IReadOnlyList<string> words)
    {
        Words = words;
        Forms = [.. words.Select(SpokenWords.Normalize)];
        Runs = SpokenNumbers.Read(words);
        Cues = global::Recordings.Domain.Redaction.Cues.Find(words);
    }

    /// <summary>The words of <paramref name="text"/>, split on whitespace.</summary>
    public static SpokenText Of(string text) => new(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<string> Words { get; }

    /// <summary>Each word's <see cref="SpokenWords.Normalize"/> form.</summary>
    public IReadOnlyList<string> Forms { get; }

    public IReadOnlyList<NumberRun> Runs { get; }

    public IReadOnlyList<Cue> Cues { get; }

    /// <summary>The last cue of <paramref name="kind"/> said before word <paramref name="word"/>, within <see cref="CueWindow"/> words.</summary>
    public Cue? CueBefore(CueKind kind, int word) =>
        Cues.LastOrDefault(c => c.Kind == kind && c.LastWord < word && word - c.LastWord <= CueWindow);

    public bool IsCued(CueKind kind, int word) => CueBefore(kind, word) is not null;

    /// <summary>The first number said after <paramref name="cue"/>, if it starts within <see cref="CueWindow"/> words of it.</summary>
    public NumberRun? FirstRunAfter(Cue cue) => FirstRunAfter(cue.LastWord);

    /// <summary>The first number that starts after word <paramref name="word"/>, within <see cref="CueWindow"/> words of it.</summary>
    public NumberRun? FirstRunAfter(int word) =>
        Runs.FirstOrDefault(r => r.FirstWord > word) is { } run && run.FirstWord - word <= CueWindow ? run : null;
}
