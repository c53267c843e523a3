using System.Text.RegularExpressions;

namespace Recordings.Domain.Redaction;

/// <summary>
/// Phone numbers, however grouped: Israeli ones (mobile 05X-XXXXXXX, 07X, landlines 0X-XXXXXXX, 1-800 / 1-700
/// numbers, and +972 / 972 before the number without its 0), and North American ones (10 digits, area code and
/// exchange not starting with 0 or 1) when they follow +1 or 1, are grouped 3-3-4, or follow a phone cue, standing
/// apart from other digits. A compound may be read as two numbers (<c>oh five four seventy, seven</c>...): the patterns are
/// narrow enough.
/// </summary>
public sealed partial class PhoneNumberDetector : IEntityDetector
{
    public RedactedEntity Entity => RedactedEntity.Phone;

    public IEnumerable<Detection> Detect(SpokenText text)
    {
        foreach (var run in text.Runs)
        {
            var cued = text.IsCued(CueKind.Phone, run.FirstWord);
            foreach (var span in Detections.Longest(run.Spans(9, 13, splits: true).Where(s => IsPhone(s, cued))))
            {
                yield return Detection.Of(Entity, span, cued);
            }
        }
    }

    private static bool IsPhone(NumberSpan span, bool cued)
    {
        var digits = span.Digits;
        if (IsraeliLocal().IsMatch(digits) || IsraeliInternational().IsMatch(digits))
        {
            return true;
        }

        var lengths = span.GroupLengths;
        return span.IsWhole && (
            (digits.Length == 11 && digits[0] == '1' && NorthAmerican().IsMatch(digits[1..]) && (span.Plus || cued || lengths.SequenceEqual([1, 3, 3, 4])))
            || (digits.Length == 10 && NorthAmerican().IsMatch(digits) && (cued || lengths.SequenceEqual([3, 3, 4]))));
    }

    [GeneratedRegex(@"^(0(5[0-9]|7[2-9])[0-9]{7}|0[2-489][0-9]{7}|1[5-9]00[0-9]{6})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsraeliLocal();

    [GeneratedRegex(@"^9720?(5[0-9][0-9]{7}|7[2-9][0-9]{7}|[2-489][0-9]{7})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsraeliInternational();

    [GeneratedRegex(@"^[2-9][0-9]{2}[2-9][0-9]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmerican();
}
