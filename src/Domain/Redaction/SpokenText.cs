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

    private readonly Dictionary<CueKind, int[]> cueEnds;
    private readonly int[] runStarts;

    public SpokenText(IReadOnlyList<string> words)
    {
        Words = words;
        Forms = [.. words.Select(SpokenWords.Normalize)];
        Runs = SpokenNumbers.Read(words);
        Cues = global::Recordings.Domain.Redaction.Cues.Find(words);
        cueEnds = Cues.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Select(c => c.LastWord).Order().ToArray());
        runStarts = [.. Runs.Select(r => r.FirstWord)];
    }

    /// <summary>The words of <paramref name="text"/>, split on whitespace.</summary>
    public static SpokenText Of(string text) => new(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<string> Words { get; }

    /// <summary>Each word's <see cref="SpokenWords.Normalize"/> form.</summary>
    public IReadOnlyList<string> Forms { get; }

    public IReadOnlyList<NumberRun> Runs { get; }

    public IReadOnlyList<Cue> Cues { get; }

    /// <summary>Whether a cue of <paramref name="kind"/> ends before word <paramref name="word"/>, within <see cref="CueWindow"/> words.</summary>
    public bool IsCued(CueKind kind, int word)
    {
        if (!cueEnds.TryGetValue(kind, out var ends))
        {
            return false;
        }

        // The last cue ending before the word: the nearest one.
        var at = Array.BinarySearch(ends, word - 1);
        var last = at >= 0 ? at : ~at - 1;
        while (last + 1 < ends.Length && ends[last + 1] < word)
        {
            last++;
        }

        return last >= 0 && ends[last] < word && word - ends[last] <= CueWindow;
    }

    /// <summary>The first number said after <paramref name="cue"/>, if it starts within <see cref="CueWindow"/> words of it.</summary>
    public NumberRun? FirstRunAfter(Cue cue) => FirstRunAfter(cue.LastWord);

    /// <summary>The first number that starts after word <paramref name="word"/>, within <see cref="CueWindow"/> words of it.</summary>
    public NumberRun? FirstRunAfter(int word)
    {
        var at = Array.BinarySearch(runStarts, word + 1);
        var first = at >= 0 ? at : ~at;
        return first < Runs.Count && Runs[first].FirstWord - word <= CueWindow ? Runs[first] : null;
    }
}
