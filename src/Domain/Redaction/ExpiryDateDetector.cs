namespace Recordings.Domain.Redaction;

/// <summary>
/// A card's expiry date: month and year (<c>oh five twenty six</c>, <c>05/26</c>, <c>05 26</c>, <c>five twenty six</c>,
/// <c>05/2026</c>, <c>May 2026</c>, <c>חמש עשרים ושש</c>, <c>מאי 26</c>), said first after an expiry cue (<c>expires</c>,
/// <c>valid until</c>, <c>תוקף עד</c>) or right after a card number (the rest of its run, or the next number within
/// <see cref="SpokenText.CueWindow"/> words). After a card number alone the year must be a card's (20 to 45).
/// </summary>
public sealed class ExpiryDateDetector : IEntityDetector
{
    private static readonly HashSet<string> Months = new(
        [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            .. new[] { "ינואר", "פברואר", "מרץ", "מרס", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר" }
                .Select(SpokenWords.Normalize),
        ],
        StringComparer.Ordinal);

    public RedactedEntity Entity => RedactedEntity.Expiry;

    public IEnumerable<Detection> Detect(SpokenText text)
    {
        var found = new List<Detection>();
        foreach (var cue in text.Cues.Where(c => c.Kind == CueKind.Expiry))
        {
            if (text.FirstRunAfter(cue) is { } run && Find(text, run, 0, cardOnly: false, cue.LastWord) is { } detection)
            {
                found.Add(detection);
            }
        }

        foreach (var card in text.Runs.SelectMany(r => CardNumberDetector.Find(r)))
        {
            var rest = card.First + card.Count;
            var detection = rest < card.Run.Groups.Count
                ? Find(text, card.Run, rest, cardOnly: true, card.LastWord)
                : text.FirstRunAfter(card.LastWord) is { } next ? Find(text, next, 0, cardOnly: true, card.LastWord) : null;
            if (detection is not null)
            {
                found.Add(detection);
            }
        }

        return found.Distinct();
    }

    /// <summary>A date at group <paramref name="first"/> of <paramref name="run"/>, or a month's name then a year (after word <paramref name="after"/>).</summary>
    private Detection? Find(SpokenText text, NumberRun run, int first, bool cardOnly, int after)
    {
        var month = run.Groups[first].FirstWord - 1;
        if (first == 0 && month > after && Months.Contains(text.Forms[month]))
        {
            var year = Year(run, cardOnly);
            return year is null ? null : new Detection(Entity, month, year.LastWord, Cued: !cardOnly);
        }

        NumberSpan? best = null;
        var digits = string.Empty;
        for (var count = 1; first + count <= run.Groups.Count && count <= 3; count++)
        {
            digits += run.Groups[first + count - 1].Digits;
            if (IsMonthAndYear(digits, cardOnly))
            {
                best = new NumberSpan(run, first, count);
            }
        }

        return best is null ? null : Detection.Of(Entity, best, cued: !cardOnly);
    }

    /// <summary>The year said first in the run: 20YY (<c>2026</c>, <c>twenty twenty six</c>) before YY (<c>26</c>).</summary>
    private static NumberSpan? Year(NumberRun run, bool cardOnly)
    {
        NumberSpan? year = null;
        var digits = string.Empty;
        for (var count = 1; count <= run.Groups.Count && count <= 2; count++)
        {
            digits += run.Groups[count - 1].Digits;
            if ((digits.Length == 2 || (digits.Length == 4 && digits.StartsWith("20", StringComparison.Ordinal))) && IsYear(digits[^2..], cardOnly))
            {
                year = run.Leading(count);
            }
        }

        return year;
    }

    /// <summary>MMYY, MYY, MMYYYY or MYYYY with a month 1 to 12 (and a four-digit year in 20YY).</summary>
    public static bool IsMonthAndYear(string digits, bool cardOnly = false)
    {
        var (month, year) = digits.Length switch
        {
            3 => (digits[..1], digits[1..]),
            4 => (digits[..2], digits[2..]),
            5 when digits[1..3] == "20" => (digits[..1], digits[3..]),
            6 when digits[2..4] == "20" => (digits[..2], digits[4..]),
            _ => (string.Empty, string.Empty),
        };

        return int.TryParse(month, out var m) && m is >= 1 and <= 12 && IsYear(year, cardOnly);
    }

    private static bool IsYear(string twoDigits, bool cardOnly) =>
        int.TryParse(twoDigits, out var year) && (!cardOnly || year is >= 20 and <= 45);
}
