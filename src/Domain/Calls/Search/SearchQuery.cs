using System.Text;

namespace Recordings.Domain.Calls.Search;

/// <summary>What one searched-for item is.</summary>
public enum SearchTermKind
{
    /// <summary>A word: found as itself, as a document word's prefix-stripped form, or (Hebrew) a document word equal to its own prefix-stripped form.</summary>
    Word,

    /// <summary><c>word*</c>: any word that starts with it (Hebrew: or whose prefix-stripped form does).</summary>
    Prefix,

    /// <summary><c>"two words"</c>: the words next to each other, in order, within one transcript segment.</summary>
    Phrase,

    /// <summary>A run of 3 or more digits (<c>052-123-4567</c> is one): said in the transcript, or part of the call's numbers.</summary>
    Number,
}

/// <summary>
/// One item of a search: every term of a query must match a call. <see cref="Words"/> are normalized forms
/// (<see cref="SearchText"/>): one for a word or prefix, several for a phrase, the digit groups as typed for a number.
/// </summary>
public sealed record SearchTerm(SearchTermKind Kind, IReadOnlyList<string> Words)
{
    /// <summary>A number's digits, the groups joined (<c>0521234567</c>); else the single word.</summary>
    public string Digits => string.Concat(Words);

    /// <summary>The digit strings a number is looked for among the call's phone numbers (see <see cref="SearchText.PhoneForms"/>).</summary>
    public IReadOnlyList<string> PhoneForms { get; init; } = [];

    /// <summary>Whether the term can match other than in exact form (a Hebrew word has prefix-stripped forms); else it is exact whenever it matches.</summary>
    public bool HasVariants => Kind != SearchTermKind.Number && Words.Any(SearchText.IsHebrew);
}

/// <summary>How a term matched one transcript segment.</summary>
public readonly record struct TermMatch(bool Matched, bool Exact);

/// <summary>
/// A search as typed, read into terms (see <see cref="Parse"/>): never an exception, whatever the input. Matching here in
/// C# mirrors what the database index matches (see the Infrastructure's search plan), for hits and their highlights.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>At most this many terms are searched for (the rest of a long input is ignored).</summary>
    public const int MaxTerms = 12;

    /// <summary>At most this many words in a phrase.</summary>
    public const int MaxPhraseWords = 8;

    /// <summary>A shorter <c>word*</c> is searched as a word.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>Only the start of a longer input is read.</summary>
    public const int MaxInputLength = 1024;

    private SearchQuery(IReadOnlyList<SearchTerm> terms) => Terms = terms;

    public IReadOnlyList<SearchTerm> Terms { get; }

    /// <summary>
    /// The terms of <paramref name="input"/>; null when nothing in it is searchable (empty, only punctuation or marks).
    /// <c>"…"</c> makes a phrase (a quote between two letters is a gershayim, part of the word; an unbalanced quote is
    /// ignored); a word followed by <c>*</c> is a prefix; digits joined by <c>-</c> <c>.</c> <c>(</c> <c>)</c> <c>/</c>
    /// (and a leading <c>+</c>) are one number. Duplicate terms count once.
    /// </summary>
    public static SearchQuery? Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var text = Clean(input.Length > MaxInputLength ? input[..MaxInputLength] : input);
        var terms = new List<SearchTerm>();
        var outside = new StringBuilder();
        var i = 0;
        while (i < text.Length && terms.Count < MaxTerms)
        {
            if (IsPhraseQuote(text, i) && FindClosingQuote(text, i + 1) is { } close)
            {
                ReadLoose(outside.ToString(), terms);
                outside.Clear();
                var words = SearchText.Tokenize(text[(i + 1)..close]).Select(t => t.Form).Take(MaxPhraseWords).ToList();
                if (words.Count == 1)
                {
                    Add(terms, Single(words[0]));
                }
                else if (words.Count > 1)
                {
                    Add(terms, new SearchTerm(SearchTermKind.Phrase, words));
                }

                i = close + 1;
                continue;
            }

            outside.Append(text[i]);
            i++;
        }

        ReadLoose(outside.ToString(), terms);
        return terms.Count == 0 ? null : new SearchQuery(terms.Take(MaxTerms).ToList());
    }

    /// <summary>
    /// How each term matches one segment's tokens (in the segment's order), and the tokens that matched, for highlights.
    /// A number matches here only by what was said (its digits as one word, or as groups written together, see
    /// <see cref="SearchText.NumberRuns"/>): the call's numbers are not a segment. <paramref name="tokens"/> are
    /// <paramref name="text"/>'s (<see cref="SearchText.Tokenize"/>).
    /// </summary>
    public (TermMatch[] Terms, List<SearchToken> Matched) Match(string text, IReadOnlyList<SearchToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        var results = new TermMatch[Terms.Count];
        var matched = new List<SearchToken>();
        var variants = new IReadOnlyList<string>?[tokens.Count];
        IReadOnlyList<string> VariantsOf(int index) => variants[index] ??= SearchText.Variants(tokens[index].Form);

        for (var t = 0; t < Terms.Count; t++)
        {
            var term = Terms[t];
            var any = false;
            var exact = false;
            switch (term.Kind)
            {
                case SearchTermKind.Word:
                case SearchTermKind.Prefix:
                    var prefix = term.Kind == SearchTermKind.Prefix;
                    var word = term.Words[0];
                    var queryVariants = SearchText.Variants(word);
                    for (var k = 0; k < tokens.Count; k++)
                    {
                        var how = WordMatch(word, queryVariants, prefix, tokens[k].Form, VariantsOf(k));
                        if (how.Matched)
                        {
                            any = true;
                            exact |= how.Exact;
                            matched.Add(tokens[k]);
                        }
                    }

                    break;
                case SearchTermKind.Phrase:
                    (any, exact) = PhraseMatch(term.Words, tokens, VariantsOf, matched);
                    break;
                case SearchTermKind.Number:
                    for (var k = 0; k < tokens.Count; k++)
                    {
                        if (tokens[k].Form == term.Digits)
                        {
                            any = true;
                            matched.Add(tokens[k]);
                        }
                    }

                    foreach (var run in SearchText.NumberRuns(text, tokens))
                    {
                        if (run.Digits == term.Digits)
                        {
                            any = true;
                            matched.AddRange(tokens.Skip(run.First).Take(run.Last - run.First + 1));
                        }
                    }

                    if (term.Words.Count > 1)
                    {
                        any |= PhraseMatch(term.Words, tokens, VariantsOf, matched).Matched;
                    }

                    exact = any;
                    break;
            }

            results[t] = new TermMatch(any, exact);
        }

        return (results, matched);
    }

    /// <summary>
    /// Whether a document word matches a query word: exactly (the same form, or for a prefix one that starts with it),
    /// or through a prefix-stripped form on one side (the document's variant is the query word, or the query's variant is
    /// the document word). Never variant against variant: <c>לקוח</c> does not find <c>בקוח</c> through <c>קוח</c>.
    /// </summary>
    public static TermMatch WordMatch(string word, IReadOnlyList<string> wordVariants, bool prefix, string form, IReadOnlyList<string> formVariants)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(wordVariants);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(formVariants);
        if (prefix ? form.StartsWith(word, StringComparison.Ordinal) : form == word)
        {
            return new TermMatch(true, true);
        }

        foreach (var variant in formVariants)
        {
            if (prefix ? variant.StartsWith(word, StringComparison.Ordinal) : variant == word)
            {
                return new TermMatch(true, false);
            }
        }

        foreach (var variant in wordVariants)
        {
            if (prefix ? form.StartsWith(variant, StringComparison.Ordinal) : form == variant)
            {
                return new TermMatch(true, false);
            }
        }

        return default;
    }

    private static (bool Matched, bool Exact) PhraseMatch(
        IReadOnlyList<string> words, IReadOnlyList<SearchToken> tokens, Func<int, IReadOnlyList<string>> variantsOf, List<SearchToken> matched)
    {
        var any = false;
        var exact = false;
        var wordVariants = words.Select(SearchText.Variants).ToList();
        for (var start = 0; start + words.Count <= tokens.Count; start++)
        {
            var all = true;
            var allExact = true;
            for (var w = 0; w < words.Count && all; w++)
            {
                var how = WordMatch(words[w], wordVariants[w], false, tokens[start + w].Form, variantsOf(start + w));
                all = how.Matched;
                allExact &= how.Exact;
            }

            if (all)
            {
                any = true;
                exact |= allExact;
                for (var w = 0; w < words.Count; w++)
                {
                    matched.Add(tokens[start + w]);
                }
            }
        }

        return (any, exact);
    }

    /// <summary>Words, prefixes and numbers outside quotes.</summary>
    private static void ReadLoose(string text, List<SearchTerm> terms)
    {
        var tokens = SearchText.Tokenize(text);
        for (var k = 0; k < tokens.Count && terms.Count < MaxTerms; k++)
        {
            var token = tokens[k];
            if (token.IsDigits)
            {
                // Digits joined by number punctuation are one number: 052-123-4567, (03) 123.4567, +972-52-1234567.
                var groups = new List<string> { token.Form };
                var end = token.End;
                while (k + 1 < tokens.Count && tokens[k + 1].IsDigits && SearchText.JoinsNumber(text, end, tokens[k + 1].Start))
                {
                    k++;
                    groups.Add(tokens[k].Form);
                    end = tokens[k].End;
                }

                var digits = string.Concat(groups);
                if (digits.Length >= 3)
                {
                    var plus = token.Start > 0 && text[..token.Start].TrimEnd('(', ' ').EndsWith('+');
                    Add(terms, new SearchTerm(SearchTermKind.Number, groups) { PhoneForms = NumberForms(digits, plus) });
                    continue;
                }

                foreach (var group in groups)
                {
                    Add(terms, Single(group));
                }

                continue;
            }

            // A prefix of one letter would be most of the index: it is a word.
            var isPrefix = token.End < text.Length && text[token.End] == '*' && token.Form.Length >= MinPrefixLength;
            Add(terms, isPrefix ? new SearchTerm(SearchTermKind.Prefix, [token.Form]) : Single(token.Form));
        }
    }

    private static SearchTerm Single(string form) =>
        SearchText.IsDigits(form) && form.Length >= 3
            ? new SearchTerm(SearchTermKind.Number, [form]) { PhoneForms = NumberForms(form, false) }
            : new SearchTerm(SearchTermKind.Word, [form]);

    /// <summary>A number as the call's numbers may hold it: as typed, and an Israeli number in the other form too (+972 5x… = 05x…).</summary>
    private static List<string> NumberForms(string digits, bool plus)
    {
        var forms = new List<string> { digits };
        if (plus && digits.StartsWith("972", StringComparison.Ordinal) && digits.Length > 6)
        {
            forms.Add("0" + digits[3..]);
        }
        else if (digits.StartsWith('0') && digits.Length >= 9)
        {
            forms.Add("972" + digits[1..]);
        }

        return forms;
    }

    private static void Add(List<SearchTerm> terms, SearchTerm term)
    {
        if (!terms.Any(t => t.Kind == term.Kind && t.Words.SequenceEqual(term.Words, StringComparer.Ordinal)))
        {
            terms.Add(term);
        }
    }

    /// <summary>A quote that opens or closes a phrase: a double quote not between two letters (that one is a gershayim).</summary>
    private static bool IsPhraseQuote(string text, int i)
    {
        if (text[i] is not ('"' or '\u201C' or '\u201D' or '\u201E'))
        {
            return false;
        }

        var before = i - 1;
        while (before >= 0 && (char.GetUnicodeCategory(text[before]) == System.Globalization.UnicodeCategory.NonSpacingMark))
        {
            before--;
        }

        var letterBefore = before >= 0 && char.IsLetter(text[before]);
        var letterAfter = i + 1 < text.Length && char.IsLetter(text[i + 1]);
        return !(letterBefore && letterAfter);
    }

    private static int? FindClosingQuote(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (IsPhraseQuote(text, i))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Direction marks and other format characters removed, so that they neither split nor join anything.</summary>
    private static string Clean(string input)
    {
        var builder = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (!(c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\uFEFF'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
