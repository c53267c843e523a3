namespace Recordings.Domain.Redaction;

/// <summary>
/// A card's security code: the first number said within <see cref="SpokenText.CueWindow"/> words after a security
/// code cue (<c>CVV</c>, <c>the three digits on the back</c>, <c>קוד אבטחה</c>, <c>שלוש הספרות בגב הכרטיס</c>), when it
/// begins with 3 or 4 digits in whole groups (<c>one two three</c>, <c>one twenty three</c>, <c>1234</c>).
/// </summary>
public sealed class SecurityCodeDetector : IEntityDetector
{
    public RedactedEntity Entity => RedactedEntity.Cvv;

    public IEnumerable<Detection> Detect(SpokenText text) => Find(text).Distinct();

    private IEnumerable<Detection> Find(SpokenText text)
    {
        foreach (var cue in text.Cues.Where(c => c.Kind == CueKind.SecurityCode))
        {
            if (text.FirstRunAfter(cue) is { } run && Leading(run, 3, 4) is { } span)
            {
                yield return Detection.Of(Entity, span, cued: true);
            }
        }
    }

    /// <summary>
    /// The run's longest first groups that hold <paramref name="min"/> to <paramref name="max"/> digits: a four-digit
    /// code said digit by digit is four groups, and all four are the code (stopping at three would leave its last digit).
    /// </summary>
    internal static NumberSpan? Leading(NumberRun run, int min, int max)
    {
        var digits = 0;
        int? longest = null;
        for (var count = 1; count <= run.Groups.Count; count++)
        {
            digits += run.Groups[count - 1].Digits.Length;
            if (digits > max)
            {
                break;
            }

            if (digits >= min)
            {
                longest = count;
            }
        }

        return longest is { } whole ? run.Leading(whole) : null;
    }
}
