using Recordings.Domain.Calls;

namespace Recordings.Domain.Redaction;

/// <summary>
/// A segment's words as redaction handles them: the engine's <see cref="TranscriptSegment.Words"/> with their times
/// when it reported them, else the segment's text split on whitespace (times spread over the segment by position,
/// for ordering only: a redaction there spans the whole segment). <see cref="Spans"/> places each word in the
/// segment's text, so that a redacted stretch is replaced there and the rest of the text (punctuation, spacing) kept;
/// null when the words cannot be placed exactly (the text is then rebuilt from the words).
/// </summary>
internal sealed class SegmentWords
{
    private SegmentWords(TranscriptSegment segment, string[] texts, double[] starts, double[] ends, (int Start, int End)[]? spans, bool timed)
    {
        Segment = segment;
        Texts = texts;
        Starts = starts;
        Ends = ends;
        Spans = spans;
        Timed = timed;
    }

    public TranscriptSegment Segment { get; }

    public string[] Texts { get; }

    public double[] Starts { get; }

    public double[] Ends { get; }

    /// <summary>Each word's core ([Start, End) in the segment's text, its surrounding punctuation left out), or null.</summary>
    public (int Start, int End)[]? Spans { get; }

    /// <summary>Whether the words carry their own times (the engine's words).</summary>
    public bool Timed { get; }

    public int Count => Texts.Length;

    public static SegmentWords Of(TranscriptSegment segment)
    {
        var text = segment.Text ?? string.Empty;
        if (segment.Words is { Count: > 0 } words)
        {
            return new SegmentWords(
                segment,
                [.. words.Select(w => w.Text ?? string.Empty)],
                [.. words.Select(w => w.StartSeconds)],
                [.. words.Select(w => w.EndSeconds)],
                Place(text, words),
                timed: true);
        }

        var spans = new List<(int Start, int End)>();
        for (var i = 0; i < text.Length;)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            spans.Add((start, i));
        }

        var length = Math.Max(text.Length, 1);
        var duration = segment.EndSeconds - segment.StartSeconds;
        return new SegmentWords(
            segment,
            [.. spans.Select(s => text[s.Start..s.End])],
            [.. spans.Select(s => segment.StartSeconds + (duration * s.Start / length))],
            [.. spans.Select(s => segment.StartSeconds + (duration * s.End / length))],
            [.. spans.Select(s => Core(text, s.Start, s.End))],
            timed: false);
    }

    /// <summary>The part of [start, end) of <paramref name="text"/> without its leading and trailing punctuation (all of it when nothing is left).</summary>
    public static (int Start, int End) Core(string text, int start, int end)
    {
        var s = start;
        var e = end;
        while (s < e && !char.IsLetterOrDigit(text[s]) && text[s] is not '+' and not '@')
        {
            s++;
        }

        while (e > s && !char.IsLetterOrDigit(text[e - 1]))
        {
            e--;
        }

        return s < e ? (s, e) : (start, end);
    }

    /// <summary>Each word found in order in the text with nothing but spaces and punctuation between, or null.</summary>
    private static (int Start, int End)[]? Place(string text, IReadOnlyList<TranscriptWord> words)
    {
        var spans = new (int Start, int End)[words.Count];
        var position = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = (words[i].Text ?? string.Empty).Trim();
            var at = word.Length == 0 ? -1 : text.IndexOf(word, position, StringComparison.Ordinal);
            if (at < 0 || HasWordCharacters(text, position, at))
            {
                return null;
            }

            spans[i] = Core(text, at, at + word.Length);
            position = at + word.Length;
        }

        return HasWordCharacters(text, position, text.Length) ? null : spans;
    }

    private static bool HasWordCharacters(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
