using System.Text;

using Recordings.Domain.Calls;

namespace Recordings.Domain.Redaction;

/// <summary>A transcript once redacted: its segments with placeholders in place of the redacted words, and what was redacted where.</summary>
public sealed record RedactedTranscript(IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<Redaction> Redactions);

/// <summary>
/// Redacts a transcript: reads what each speaker said (<see cref="SpeakerStreams"/>), finds the chosen entities with
/// their detectors, keeps the longer or more sensitive of detections sharing words (<see cref="Detections.Resolve"/>)
/// and replaces each contiguous stretch of redacted words of a segment by its entity's placeholder
/// (<see cref="RedactedEntities.PlaceholderOf"/>), in the segment's text and its words alike. Each stretch is one
/// <see cref="Redaction"/>: its words' times, or the whole segment's when the engine gave no word times.
/// </summary>
public static class TranscriptRedactor
{
    /// <summary>The detector of each entity redaction knows.</summary>
    public static IEntityDetector DetectorOf(RedactedEntity entity) => entity switch
    {
        RedactedEntity.Card => new CardNumberDetector(),
        RedactedEntity.Cvv => new SecurityCodeDetector(),
        RedactedEntity.Expiry => new ExpiryDateDetector(),
        RedactedEntity.IsraeliId => new IsraeliIdDetector(),
        RedactedEntity.Phone => new PhoneNumberDetector(),
        RedactedEntity.Email => new EmailDetector(),
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "Not an entity redaction knows."),
    };

    /// <summary>
    /// <paramref name="segments"/> (same order, times and speakers) with every word of the chosen
    /// <paramref name="entities"/> replaced, and one redaction of recording <paramref name="recordingSid"/> per
    /// replaced stretch per segment, in time order. Segments with nothing redacted are returned as they are.
    /// </summary>
    public static RedactedTranscript Redact(string recordingSid, IReadOnlyList<TranscriptSegment> segments, IReadOnlyCollection<RedactedEntity> entities)
    {
        var detectors = entities.Distinct().Select(DetectorOf).ToArray();
        if (detectors.Length == 0 || segments.Count == 0)
        {
            return new RedactedTranscript(segments, []);
        }

        var words = segments.Select(SegmentWords.Of).ToArray();
        var marks = words.Select(w => new RedactedEntity?[w.Count]).ToArray();
        foreach (var stream in SpeakerStreams.Of(segments, words))
        {
            var text = new SpokenText([.. stream.Select(w => w.Text)]);
            foreach (var detection in Detections.Resolve(detectors.SelectMany(d => d.Detect(text))))
            {
                for (var i = detection.FirstWord; i <= detection.LastWord; i++)
                {
                    var word = stream[i];
                    if (!word.IsCueOfOther)
                    {
                        marks[word.Segment][word.Word] ??= detection.Entity;
                    }
                }
            }
        }

        var redacted = new TranscriptSegment[segments.Count];
        var redactions = new List<Redaction>();
        for (var s = 0; s < segments.Count; s++)
        {
            var stretches = Stretches(marks[s]);
            redacted[s] = stretches.Count == 0 ? segments[s] : Replace(words[s], stretches);
            redactions.AddRange(stretches.Select(st => words[s].Timed
                ? new Redaction(recordingSid, words[s].Starts[st.First], words[s].Ends[st.Last], st.Entity)
                : new Redaction(recordingSid, segments[s].StartSeconds, segments[s].EndSeconds, st.Entity)));
        }

        return new RedactedTranscript(redacted, [.. redactions.OrderBy(r => r.StartSeconds).ThenBy(r => r.EndSeconds)]);
    }

    private readonly record struct Stretch(int First, int Last, RedactedEntity Entity);

    private static List<Stretch> Stretches(RedactedEntity?[] marks)
    {
        var stretches = new List<Stretch>();
        for (var i = 0; i < marks.Length; i++)
        {
            if (marks[i] is not { } entity)
            {
                continue;
            }

            var last = i;
            while (last + 1 < marks.Length && marks[last + 1] == entity)
            {
                last++;
            }

            stretches.Add(new Stretch(i, last, entity));
            i = last;
        }

        return stretches;
    }

    private static TranscriptSegment Replace(SegmentWords words, List<Stretch> stretches)
    {
        var texts = new List<string>();
        var newWords = new List<TranscriptWord>();
        var next = 0;
        foreach (var stretch in stretches)
        {
            for (; next < stretch.First; next++)
            {
                texts.Add(words.Texts[next]);
                newWords.Add(new TranscriptWord(words.Starts[next], words.Ends[next], words.Texts[next]));
            }

            var placeholder = Placeholder(words.Texts[stretch.First], words.Texts[stretch.Last], stretch.Entity);
            texts.Add(placeholder);
            newWords.Add(new TranscriptWord(words.Starts[stretch.First], words.Ends[stretch.Last], placeholder));
            next = stretch.Last + 1;
        }

        for (; next < words.Count; next++)
        {
            texts.Add(words.Texts[next]);
            newWords.Add(new TranscriptWord(words.Starts[next], words.Ends[next], words.Texts[next]));
        }

        var text = words.Spans is { } spans ? InPlace(words.Segment.Text, spans, stretches) : string.Join(' ', texts.Select(t => t.Trim()));
        return words.Segment with { Text = text, Words = words.Timed ? newWords : words.Segment.Words };
    }

    /// <summary>The text with each stretch, from its first word's core to its last word's, replaced by its placeholder.</summary>
    private static string InPlace(string text, (int Start, int End)[] spans, List<Stretch> stretches)
    {
        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (var stretch in stretches)
        {
            result.Append(text, position, spans[stretch.First].Start - position).Append(RedactedEntities.PlaceholderOf(stretch.Entity));
            position = spans[stretch.Last].End;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The placeholder with the punctuation (and leading space) around the stretch's first and last words kept: <c>(4580</c> ... <c>9015.</c> → <c>([card].</c>.</summary>
    private static string Placeholder(string first, string last, RedactedEntity entity)
    {
        var (start, _) = SegmentWords.Core(first, 0, first.Length);
        var (_, end) = SegmentWords.Core(last, 0, last.Length);
        var lead = first[..start];
        var trail = last[end..];
        return lead + RedactedEntities.PlaceholderOf(entity) + trail;
    }
}
