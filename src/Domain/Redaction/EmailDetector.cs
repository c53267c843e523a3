using System.Text.RegularExpressions;

namespace Recordings.Domain.Redaction;

/// <summary>
/// Email addresses, written (<c>dana@example.com</c>) or spoken (<c>dana at example dot com</c>,
/// <c>dana dot cohen at gmail dot com</c>, <c>דנה שטרודל ג'ימייל נקודה קום</c>): a word, <c>at</c> (<c>@</c>,
/// <c>שטרודל</c>), then a domain said with at least one <c>dot</c> (<c>נקודה</c>) or a well-known mail provider, so that
/// <c>call me at three</c> stays.
/// </summary>
public sealed partial class EmailDetector : IEntityDetector
{
    private static readonly HashSet<string> Ats = new(["at", "@", "at-sign", "שטרודל", "כרוכית"], StringComparer.Ordinal);

    private static readonly HashSet<string> Dots = new(["dot", "period", "point", "נקודה", "underscore", "dash", "מקפ"], StringComparer.Ordinal);

    private static readonly HashSet<string> Providers = new(
        ["gmail", "hotmail", "yahoo", "outlook", "walla", "icloud", "live", "גימייל", "גמייל", "הוטמייל", "יאהו", "וואלה", "אאוטלוק"],
        StringComparer.Ordinal);

    /// <summary>The names of Latin letters as said in Hebrew (normalized), for a domain's suffix spelled out.</summary>
    private static readonly HashSet<string> LetterNames = new(
        new[] { "איי", "בי", "סי", "די", "אי", "אפ", "גי", "ג'יי", "קיי", "אל", "אמ", "אנ", "או", "פי", "קיו", "אר", "אס", "טי", "יו", "וי", "אקס", "וואי", "זי", "זד" }
            .Select(SpokenWords.Normalize),
        StringComparer.Ordinal);

    /// <summary>Words that are not the end of an address's local part when said before <c>at</c>.</summary>
    private static readonly HashSet<string> NotLocal = new(
        ["me", "us", "you", "him", "her", "them", "it", "is", "are", "am", "was", "be", "i", "we", "they", "look", "home", "work", "back", "call"],
        StringComparer.Ordinal);

    public RedactedEntity Entity => RedactedEntity.Email;

    public IEnumerable<Detection> Detect(SpokenText text)
    {
        var forms = text.Forms;
        for (var i = 0; i < forms.Count; i++)
        {
            if (Written().IsMatch(forms[i]))
            {
                yield return new Detection(Entity, i, i);
            }
            else if ((Ats.Contains(forms[i]) || text.Words[i].Trim() == "@") && i > 0 && i + 1 < forms.Count && IsWord(forms[i - 1]) && !NotLocal.Contains(forms[i - 1])
                && IsWord(forms[i + 1]))
            {
                var first = i - 1;
                while (first >= 2 && Dots.Contains(forms[first - 1]) && IsWord(forms[first - 2]))
                {
                    first -= 2;
                }

                var last = i + 1;
                while (last + 2 < forms.Count && Dots.Contains(forms[last + 1]) && IsWord(forms[last + 2]))
                {
                    last += 2;
                }

                // A suffix spelled letter by letter: "dot i l", "נקודה איי אל".
                while (last > i + 1 && last + 1 < forms.Count && IsLetterName(forms[last]) && IsLetterName(forms[last + 1]))
                {
                    last++;
                }

                if (last > i + 1 || forms[i + 1].Contains('.', StringComparison.Ordinal) || Providers.Contains(forms[i + 1]))
                {
                    yield return new Detection(Entity, first, last, Cued: true);
                }
            }
        }
    }

    private static bool IsLetterName(string form) => (form.Length == 1 && char.IsAsciiLetter(form[0])) || LetterNames.Contains(form);

    private static bool IsWord(string form) => form.Length > 0 && char.IsLetterOrDigit(form[0]) && !Ats.Contains(form) && !Dots.Contains(form);

    [GeneratedRegex(@"^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Written();
}
