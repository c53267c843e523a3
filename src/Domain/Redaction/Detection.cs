namespace Recordings.Domain.Redaction;

/// <summary>
/// An entity found in a <see cref="SpokenText"/>: its words [<paramref name="FirstWord"/>, <paramref name="LastWord"/>]
/// (fillers between its numbers included) are redacted.
/// </summary>
/// <param name="Cued">Said after a cue of its kind (<c>ID</c>, <c>phone</c>...): surer than the digits alone.</param>
public sealed record Detection(RedactedEntity Entity, int FirstWord, int LastWord, bool Cued = false)
{
    public int Length => LastWord - FirstWord + 1;

    public bool Overlaps(Detection other) => FirstWord <= other.LastWord && other.FirstWord <= LastWord;

    internal static Detection Of(RedactedEntity entity, NumberSpan span, bool cued) => new(entity, span.FirstWord, span.LastWord, cued);
}

/// <summary>Finds one entity in what a speaker said. A new entity is a new detector.</summary>
public interface IEntityDetector
{
    RedactedEntity Entity { get; }

    IEnumerable<Detection> Detect(SpokenText text);
}

/// <summary>Choosing among detections that share words.</summary>
public static class Detections
{
    /// <summary>
    /// The detections that stay when some share words: the longer first, then the one said after its cue, then the more
    /// sensitive (card, email, phone, identity number, security code, expiry). A detection inside one kept is dropped;
    /// one that reaches beyond it widens the kept one instead (under the kept one's entity), so that none of its
    /// digits stays in the text.
    /// </summary>
    public static IReadOnlyList<Detection> Resolve(IEnumerable<Detection> detections)
    {
        var kept = new List<Detection>();
        foreach (var detection in detections.OrderByDescending(d => d.Length).ThenByDescending(d => d.Cued).ThenBy(d => Rank(d.Entity)))
        {
            var overlapped = kept.FindIndex(k => k.Overlaps(detection));
            if (overlapped < 0)
            {
                kept.Add(detection);
            }
            else
            {
                var winner = kept[overlapped];
                kept[overlapped] = winner with
                {
                    FirstWord = Math.Min(winner.FirstWord, detection.FirstWord),
                    LastWord = Math.Max(winner.LastWord, detection.LastWord),
                };
            }
        }

        return [.. kept.OrderBy(d => d.FirstWord)];
    }

    /// <summary>
    /// The non-overlapping spans among <paramref name="spans"/> (of one run): the ones read as said first (the fewer
    /// compounds split, the sooner), then the ones with more digits.
    /// </summary>
    internal static IEnumerable<NumberSpan> Longest(IEnumerable<NumberSpan> spans)
    {
        var kept = new List<NumberSpan>();
        foreach (var span in spans.OrderBy(s => int.PopCount(s.Splits)).ThenByDescending(s => s.Digits.Length).ThenBy(s => s.First))
        {
            if (!kept.Any(k => k.Overlaps(span)))
            {
                kept.Add(span);
            }
        }

        return kept;
    }

    private static int Rank(RedactedEntity entity) => entity switch
    {
        RedactedEntity.Card => 0,
        RedactedEntity.Email => 1,
        RedactedEntity.Phone => 2,
        RedactedEntity.IsraeliId => 3,
        RedactedEntity.Cvv => 4,
        _ => 5,
    };
}
