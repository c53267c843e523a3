using System.Text;

namespace Recordings.Domain.Redaction;

/// <summary>
/// The one normalization of a transcript's word for redaction, shared by the number reader, the cues and the
/// detectors: lower case, Hebrew niqqud and cantillation removed, final letters folded (ך ם ן ף ץ → כ מ נ פ צ),
/// apostrophes, geresh and gershayim removed (<c>ג'ימייל</c> = <c>גימייל</c>, <c>ת"ז</c> = <c>תז</c>), bidirectional
/// controls ignored, and the punctuation around the word trimmed (a leading <c>+</c> and <c>@</c> are kept).
/// </summary>
public static class SpokenWords
{
    /// <summary>The Hebrew prefixes a number word or a cue word may carry: and, the, and-the.</summary>
    private static readonly string[] NumberPrefixes = ["וה", "ו", "ה"];

    /// <summary>The normalized form of one word; empty when the word is only punctuation.</summary>
    public static string Normalize(string? word)
    {
        if (string.IsNullOrEmpty(word))
        {
            return string.Empty;
        }

        var form = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c is >= '\u0591' and <= '\u05C7' and not '\u05BE' || c is '\'' or '’' or '‘' or '׳' or '״' or '"' or '`'
                || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            form.Append(Fold(char.ToLowerInvariant(c)));
        }

        var start = 0;
        var end = form.Length;
        while (start < end && !char.IsLetterOrDigit(form[start]) && form[start] is not '+' and not '@')
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(form[end - 1]))
        {
            end--;
        }

        return form.ToString(start, end - start);
    }

    /// <summary>
    /// The forms a Hebrew word may stand for once its prefix (ו, ה, וה) is taken off, the word itself first
    /// (<c>ושתיימ</c> → <c>ושתיימ</c>, <c>שתיימ</c>).
    /// </summary>
    public static IEnumerable<(string Form, string Prefix)> WithoutPrefixes(string form)
    {
        yield return (form, string.Empty);
        foreach (var prefix in NumberPrefixes)
        {
            if (form.Length > prefix.Length + 1 && form.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return (form[prefix.Length..], prefix);
            }
        }
    }

    /// <summary>Whether <paramref name="form"/> is <paramref name="word"/>, or <paramref name="word"/> behind one or two Hebrew prefix letters (בגב = גב, הכרטיס = כרטיס).</summary>
    public static bool Matches(string form, string word)
    {
        if (form == word)
        {
            return true;
        }

        var extra = form.Length - word.Length;
        return extra is 1 or 2 && IsHebrew(word) && form.EndsWith(word, StringComparison.Ordinal)
            && form[..extra].All(c => "והבלמשכ".Contains(c, StringComparison.Ordinal));
    }

    public static bool IsHebrew(string form) => form.Length > 0 && form.All(c => c is >= '\u05D0' and <= '\u05EA');

    private static char Fold(char c) => c switch
    {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        _ => c,
    };
}
