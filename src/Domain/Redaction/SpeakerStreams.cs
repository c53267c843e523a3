using Recordings.Domain.Calls;

namespace Recordings.Domain.Redaction;

/// <summary>One word of a <see cref="SpeakerStreams">speaker's stream</see>: word <paramref name="Word"/> of segment <paramref name="Segment"/>, or (segment -1) a cue another speaker said.</summary>
internal readonly record struct StreamWord(int Segment, int Word, string Text, double Time)
{
    public bool IsCueOfOther => Segment < 0;
}

/// <summary>
/// What each speaker said without pause, for reading numbers across segment boundaries: a speaker's segments in time
/// order, joined while the gap between one and the next is at most <see cref="MaxGapSeconds"/> (whatever the other
/// speaker said in between); never two speakers' words. A cue the other speaker said shortly before or during a stream
/// (the agent's "and the CVV?") stands in it as one word (<see cref="Cues.WordFor"/>) at its time, so that the
/// answer is read in its context; it is never redacted.
/// </summary>
internal static class SpeakerStreams
{
    /// <summary>A speaker's next segment continues the stream when it starts at most this long after the last one ends.</summary>
    public const double MaxGapSeconds = 3;

    /// <summary>Another speaker's cue counts for a stream that starts at most this long after it.</summary>
    public const double OtherCueSeconds = 10;

    public static IEnumerable<List<StreamWord>> Of(IReadOnlyList<TranscriptSegment> segments, IReadOnlyList<SegmentWords> words)
    {
        var ordered = Enumerable.Range(0, segments.Count).OrderBy(i => segments[i].StartSeconds).ThenBy(i => i).ToArray();
        var cues = ordered.SelectMany(i => CuesIn(i, words[i])).ToArray();
        foreach (var speaker in ordered.GroupBy(i => segments[i].Speaker))
        {
            var stream = new List<int>();
            var end = double.NegativeInfinity;
            foreach (var i in speaker)
            {
                if (stream.Count > 0 && segments[i].StartSeconds - end > MaxGapSeconds)
                {
                    yield return Words(stream, segments, words, cues);
                    stream.Clear();
                    end = double.NegativeInfinity;
                }

                stream.Add(i);
                end = Math.Max(end, segments[i].EndSeconds);
            }

            yield return Words(stream, segments, words, cues);
        }
    }

    private static List<StreamWord> Words(List<int> stream, IReadOnlyList<TranscriptSegment> segments, IReadOnlyList<SegmentWords> words, (int Segment, CueKind Kind, double Time)[] cues)
    {
        var speaker = segments[stream[0]].Speaker;
        var start = stream.Min(i => segments[i].StartSeconds);
        var end = stream.Max(i => segments[i].EndSeconds);
        var said = stream.SelectMany(i => Enumerable.Range(0, words[i].Count).Select(k => new StreamWord(i, k, words[i].Texts[k], words[i].Starts[k])));
        var heard = cues
            .Where(c => segments[c.Segment].Speaker != speaker && c.Time >= start - OtherCueSeconds && c.Time <= end)
            .OrderBy(c => c.Time)
            .Select(c => new StreamWord(-1, -1, Cues.WordFor(c.Kind), c.Time));

        // Both in time order: merged, each of the other's cues before the first word said after it.
        var merged = new List<StreamWord>();
        using var next = heard.GetEnumerator();
        var pending = next.MoveNext();
        foreach (var word in said)
        {
            while (pending && next.Current.Time < word.Time)
            {
                merged.Add(next.Current);
                pending = next.MoveNext();
            }

            merged.Add(word);
        }

        while (pending)
        {
            merged.Add(next.Current);
            pending = next.MoveNext();
        }

        return merged;
    }

    private static IEnumerable<(int Segment, CueKind Kind, double Time)> CuesIn(int segment, SegmentWords words) =>
        Cues.Find(words.Texts).Select(c => (segment, c.Kind, words.Starts[c.LastWord]));
}
