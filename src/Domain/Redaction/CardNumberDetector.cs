namespace Recordings.Domain.Redaction;

/// <summary>
/// Payment card numbers: 13 to 19 digits passing the Luhn check, however the speaker grouped them (4-4-4-4, pairs,
/// digit by digit, with fillers between), starting with a card network's digit (2 to 6: Mastercard, Amex, Diners,
/// JCB, Visa, Discover, Maestro, UnionPay).
/// </summary>
public sealed class CardNumberDetector : IEntityDetector
{
    public const int MinDigits = 13;
    public const int MaxDigits = 19;

    public RedactedEntity Entity => RedactedEntity.Card;

    public IEnumerable<Detection> Detect(SpokenText text) =>
        text.Runs.SelectMany(r => Find(r, text.IsCued(CueKind.Card, r.FirstWord))).Select(s => Detection.Of(Entity, s, text.IsCued(CueKind.Card, s.FirstWord)));

    /// <summary>
    /// The card numbers in <paramref name="run"/>: whole groups, the longest first, none sharing a group; after a card
    /// cue (<paramref name="cued"/>) a compound may also be read as two numbers (<c>ninety one</c> as 90 then 1).
    /// </summary>
    public static IEnumerable<NumberSpan> Find(NumberRun run, bool cued = false) =>
        Detections.Longest(run.Spans(MinDigits, MaxDigits, splits: cued).Where(s => IsCardNumber(s.Digits)));

    public static bool IsCardNumber(string digits) =>
        digits.Length is >= MinDigits and <= MaxDigits && digits[0] is >= '2' and <= '6' && CheckDigits.IsLuhnValid(digits);
}
