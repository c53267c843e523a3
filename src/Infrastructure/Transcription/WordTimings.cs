using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Puts an engine's word timings into its segments, for an engine that reports the two apart (the OpenAI-compatible
/// endpoint answers <c>segments</c> and <c>words</c> as two lists).
/// </summary>
public static class WordTimings
{
    /// <summary>
    /// The segments, each with the words that belong to it: a word belongs to the segment whose span holds its
    /// midpoint; a word outside every segment goes to the nearest one (the earlier on a tie). Unusable words are left
    /// out: no text after trimming, a time that is not a finite number, negative, or an end before the start. Times
    /// are rounded to milliseconds; each segment's words are in time order. A segment given no word keeps
    /// <c>Words = null</c> (its word times are unknown, not absent), so does every segment when there are no words.
    /// </summary>
    public static IReadOnlyList<TranscriptSegment> Assign(
        IReadOnlyList<TranscriptSegment> segments, IEnumerable<(double Start, double End, string? Text)> words)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(words);

        var usable = Usable(words);
        if (segments.Count == 0 || usable.Count == 0)
        {
            return segments;
        }

        // Segments by start time (stable), so that a binary search finds the candidates for each word; and for each
        // position in that order, the segment ending last among those starting no later.
        var order = Enumerable.Range(0, segments.Count)
            .OrderBy(i => segments[i].StartSeconds)
            .ThenBy(i => i)
            .ToArray();
        var starts = order.Select(i => segments[i].StartSeconds).ToArray();
        var endingLast = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            endingLast[k] = k > 0 && segments[endingLast[k - 1]].EndSeconds >= segments[order[k]].EndSeconds
                ? endingLast[k - 1]
                : order[k];
        }

        var assigned = new List<TranscriptWord>?[segments.Count];
        foreach (var word in usable)
        {
            var middle = (word.StartSeconds + word.EndSeconds) / 2;
            var index = SegmentFor(middle, segments, order, starts, endingLast);
            (assigned[index] ??= []).Add(word);
        }

        var result = new TranscriptSegment[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            result[i] = assigned[i] is { } mine ? segments[i] with { Words = mine } : segments[i];
        }

        return result;
    }

    /// <summary>Rounds a time to milliseconds, as every stored time is.</summary>
    public static double Round(double seconds) => Math.Round(seconds, 3, MidpointRounding.AwayFromZero);

    private static List<TranscriptWord> Usable(IEnumerable<(double Start, double End, string? Text)> words)
    {
        var usable = new List<TranscriptWord>();
        foreach (var (start, end, text) in words)
        {
            var trimmed = text?.Trim();
            if (string.IsNullOrEmpty(trimmed) || !double.IsFinite(start) || !double.IsFinite(end) || start < 0 || end < start)
            {
                continue;
            }

            usable.Add(new TranscriptWord(Round(start), Round(end), trimmed));
        }

        // Stable: words with the same start keep the engine's order.
        return [.. usable.OrderBy(w => w.StartSeconds)];
    }

    /// <summary>The index (in <paramref name="segments"/>) of the segment that holds <paramref name="time"/>, or the nearest.</summary>
    private static int SegmentFor(double time, IReadOnlyList<TranscriptSegment> segments, int[] order, double[] starts, int[] endingLast)
    {
        // The first segment (in start order) starting after the time; the one before it is the last starting at or before.
        var after = UpperBound(starts, time);
        if (after == 0)
        {
            return order[0];
        }

        var latest = order[after - 1];
        if (time <= segments[latest].EndSeconds)
        {
            return latest;
        }

        // An earlier, longer segment may still hold the time (overlapping segments); else the time lies in a gap.
        var previous = endingLast[after - 1];
        if (time <= segments[previous].EndSeconds || after == order.Length)
        {
            return previous;
        }

        var gapBefore = time - segments[previous].EndSeconds;
        var gapAfter = segments[order[after]].StartSeconds - time;
        return gapBefore <= gapAfter ? previous : order[after];
    }

    private static int UpperBound(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
