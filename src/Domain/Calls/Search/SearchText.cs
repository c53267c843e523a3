using System.Globalization;
using System.Text;

namespace Recordings.Domain.Calls.Search;

/// <summary>One word of a text: its normalized form and where it stands in the original text ([Start, End)).</summary>
public readonly record struct SearchToken(string Form, int Start, int End)
{
    public bool IsHebrew => SearchText.IsHebrew(Form);

    public bool IsDigits => SearchText.IsDigits(Form);
}

/// <summary>
/// The one normalization of text for search, used to index what was said and to read what is searched for, so that
/// both sides agree on what a word is.
/// <list type="bullet">
/// <item>A word is a run of Unicode letters and digits (with their combining marks). Whitespace and punctuation split
/// words, the hyphen and the Hebrew maqaf (־) included; the geresh and gershayim (<c>'</c> <c>"</c> <c>׳</c> <c>״</c>, and
/// the typographic apostrophe) between two letters are dropped instead, so <c>צה"ל</c> = <c>צה״ל</c> = <c>צהל</c> (and
/// <c>don't</c> = <c>dont</c>).</item>
/// <item>Hebrew: niqqud and cantillation (U+0591–U+05C7) are removed, final letters folded (ך ם ן ף ץ → כ מ נ פ צ).</item>
/// <item>Everything else is case-folded (<see cref="string.ToLowerInvariant"/>) and marks removed; digits stay words.</item>
/// <item>Bidirectional controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and other format characters are ignored.</item>
/// </list>
/// A Hebrew word also stands for itself without its prefix letters (<see cref="Variants"/>), as long as 3 letters remain.
/// </summary>
public static class SearchText
{
    /// <summary>Longer words are cut to this many characters (indexing and queries alike): a bound on lexemes, not a word anyone says.</summary>
    public const int MaxWordLength = 48;

    /// <summary>Variants keep at least this many letters.</summary>
    public const int MinVariantLength = 3;

    // The prefixes a Hebrew word may carry, one to three letters (the conjunction, the article, the prepositions and
    // their usual combinations), normalized (no final letters among them anyway). Longest first.
    private static readonly string[] Prefixes =
    [
        "ושה", "ושב", "ושל", "ושמ", "וכש", "ומה", "שבה", "שלה", "כשה",
        "וה", "וב", "ול", "ומ", "וש", "וכ", "שה", "של", "שב", "שמ", "מה", "כש", "לה", "בה", "כה",
        "ו", "ה", "ב", "ל", "מ", "ש", "כ",
    ];

    /// <summary>The normalized words of <paramref name="text"/> with their places in it, in order.</summary>
    public static List<SearchToken> Tokenize(string? text)
    {
        var tokens = new List<SearchToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var word = new StringBuilder();
        var start = -1;
        var end = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Outside the basic plane: letters of other scripts are rare in calls; a surrogate pair is a separator
                // unless it is a letter or digit, which is kept whole.
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                if (IsWordCategory(category))
                {
                    if (start < 0)
                    {
                        start = i;
                    }

                    word.Append(c).Append(text[i + 1]);
                    end = i + 2;
                }
                else
                {
                    Flush(tokens, word, ref start, end);
                }

                i++;
                continue;
            }

            if (IsIgnorable(c))
            {
                continue;
            }

            if (IsHebrewMark(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                // Marks (niqqud, cantillation, accents) belong to the word they sit on and are dropped from its form.
                if (start >= 0)
                {
                    end = i + 1;
                }

                continue;
            }

            if (IsInWordQuote(c) && start >= 0 && NextIsLetter(text, i + 1) && word.Length > 0 && char.IsLetter(word[^1]))
            {
                // Geresh or gershayim inside a word (צה"ל, ג'ירפה) or an apostrophe (don't): dropped, the word goes on.
                end = i + 1;
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                word.Append(Fold(c));
                end = i + 1;
                continue;
            }

            Flush(tokens, word, ref start, end);
        }

        Flush(tokens, word, ref start, end);
        return tokens;
    }

    /// <summary>The normalized form of a single word (the first word of <paramref name="text"/>), or null when it has none.</summary>
    public static string? NormalizeWord(string text)
    {
        var tokens = Tokenize(text);
        return tokens.Count > 0 ? tokens[0].Form : null;
    }

    /// <summary>
    /// The forms a normalized Hebrew word also stands for: the word without each prefix it may carry, as long as at least
    /// <see cref="MinVariantLength"/> letters remain (<c>וללקוח</c> → <c>ללקוח</c>, <c>לקוח</c>; <c>הלקוח</c> → <c>לקוח</c>).
    /// Not the word itself; distinct; none for other words.
    /// </summary>
    public static IReadOnlyList<string> Variants(string form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.Length <= MinVariantLength || !IsHebrew(form))
        {
            return [];
        }

        List<string>? variants = null;
        foreach (var prefix in Prefixes)
        {
            if (form.Length - prefix.Length >= MinVariantLength && form.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = form[prefix.Length..];
                variants ??= [];
                if (!variants.Contains(rest, StringComparer.Ordinal))
                {
                    variants.Add(rest);
                }
            }
        }

        return variants is null ? [] : variants;
    }

    /// <summary>Whether a normalized form is made of Hebrew letters (its first letter is).</summary>
    public static bool IsHebrew(string form) => form.Length > 0 && form[0] is >= '\u05D0' and <= '\u05EA';

    public static bool IsDigits(string form)
    {
        if (form.Length == 0)
        {
            return false;
        }

        foreach (var c in form)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The digits a phone number is found by: its digit string, and for an Israeli number in international form
    /// (<c>+972…</c>) its national form with the trunk 0 (<c>0…</c>). Empty for a party that is not a number
    /// (<c>client:alice</c>, <c>sip:…</c>) or has fewer than 3 digits.
    /// </summary>
    public static IReadOnlyList<string> PhoneForms(string? party)
    {
        if (string.IsNullOrWhiteSpace(party))
        {
            return [];
        }

        var trimmed = party.Trim();
        var digits = new StringBuilder();
        foreach (var c in trimmed)
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is not ('+' or '-' or ' ' or '(' or ')' or '.'))
            {
                return [];
            }
        }

        if (digits.Length < 3)
        {
            return [];
        }

        var all = digits.ToString();
        return trimmed.StartsWith('+') && all.StartsWith("972", StringComparison.Ordinal) && all.Length > 6
            ? [all, "0" + all[3..]]
            : [all];
    }

    /// <summary>
    /// Digits written as one number in groups (<c>052-123-4567</c>, <c>(03) 123.4567</c>): each run of two or more digit
    /// words joined only by number punctuation (see <see cref="JoinsNumber"/>), with its digits together and its first
    /// and last token. A number said so is found by its digits (<c>0521234567</c>) as well as by its groups.
    /// </summary>
    public static IEnumerable<(string Digits, int First, int Last)> NumberRuns(string text, IReadOnlyList<SearchToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        for (var k = 0; k < tokens.Count; k++)
        {
            if (!tokens[k].IsDigits)
            {
                continue;
            }

            var first = k;
            while (k + 1 < tokens.Count && tokens[k + 1].IsDigits && JoinsNumber(text, tokens[k].End, tokens[k + 1].Start))
            {
                k++;
            }

            if (k > first)
            {
                var digits = string.Concat(Enumerable.Range(first, k - first + 1).Select(i => tokens[i].Form));
                if (digits.Length <= MaxWordLength)
                {
                    yield return (digits, first, k);
                }
            }
        }
    }

    /// <summary>
    /// Whether what stands between two groups of digits (<paramref name="from"/> to <paramref name="to"/>) joins them into
    /// one number: one or two of <c>-</c> <c>.</c> <c>(</c> <c>)</c> <c>/</c> and the dashes, or a space after <c>)</c>.
    /// </summary>
    public static bool JoinsNumber(string text, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (to - from is < 1 or > 2)
        {
            return false;
        }

        for (var i = from; i < to; i++)
        {
            if (text[i] is not ('-' or '.' or '(' or ')' or '/' or '\u2010' or '\u2011' or '\u2012' or '\u2013')
                && !(text[i] == ' ' && i > from && text[i - 1] == ')'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Flush(List<SearchToken> tokens, StringBuilder word, ref int start, int end)
    {
        if (start >= 0 && word.Length > 0)
        {
            var form = word.Length > MaxWordLength ? Cut(word) : word.ToString();
            tokens.Add(new SearchToken(form, start, end));
        }

        word.Clear();
        start = -1;
    }

    private static string Cut(StringBuilder word)
    {
        var length = MaxWordLength;
        if (char.IsHighSurrogate(word[length - 1]))
        {
            length--;
        }

        return word.ToString(0, length);
    }

    private static bool IsWordCategory(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber;

    private static bool NextIsLetter(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (IsIgnorable(c) || IsHebrewMark(c))
            {
                continue;
            }

            return char.IsLetter(c);
        }

        return false;
    }

    /// <summary>Niqqud and cantillation marks (U+0591–U+05C7), except the punctuation among them (maqaf, paseq, sof pasuq, nun hafukha, geresh-like).</summary>
    private static bool IsHebrewMark(char c) =>
        c is >= '\u0591' and <= '\u05C7' && c is not ('\u05BE' or '\u05C0' or '\u05C3' or '\u05C6');

    private static bool IsInWordQuote(char c) => c is '"' or '\'' or '\u05F3' or '\u05F4' or '\u2019' or '\u201D';

    /// <summary>Direction marks and embeddings, zero-width characters and other format characters: as if absent.</summary>
    private static bool IsIgnorable(char c) =>
        c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\u200C'
            or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD'
        || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    private static char Fold(char c) => c switch
    {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        >= '\u05D0' and <= '\u05EA' => c,
        >= '0' and <= '9' => c,
        _ => FoldOther(c),
    };

    private static char FoldOther(char c)
    {
        var lower = char.ToLowerInvariant(c);
        if (lower < '\u00C0')
        {
            return lower;
        }

        // Latin letters with accents (café = cafe): the base letter when it decomposes into one letter and marks.
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 0 && char.IsLetter(decomposed[0]) ? decomposed[0] : lower;
    }
}
