using NpgsqlTypes;
using Recordings.Domain.Calls.Search;
using Weight = NpgsqlTypes.NpgsqlTsQueryLexeme.Weight;

namespace Recordings.Infrastructure.Data.Search;

/// <summary>One rank of a search's results: the calls matching <see cref="Query"/> (and no better tier).</summary>
public sealed record SearchTier(int Rank, NpgsqlTsQuery Query);

/// <summary>
/// A search, planned for <c>calls.search_document</c> (see <see cref="SearchDocument"/>): <see cref="All"/> is what every
/// matching call satisfies; <see cref="Tiers"/> split those calls by relevance, best (rank 0) first, mutually exclusive,
/// their union <see cref="All"/>: first the calls where every term matched in exact form, then fewer such terms (counted
/// over the first <see cref="MaxRankedTerms"/> terms that have prefix-stripped forms at all; the others are exact
/// whenever they match). Within a tier, newest first is the caller's order.
/// The queries are trees of <see cref="NpgsqlTsQuery"/> sent as parameters: no text of the input reaches a tsquery
/// parser.
/// </summary>
public sealed record SearchPlan(SearchQuery Query, NpgsqlTsQuery All, IReadOnlyList<SearchTier> Tiers)
{
    /// <summary>How many terms the tiers count (more would need a tier query per combination).</summary>
    public const int MaxRankedTerms = 4;

    /// <summary>The plan of what an agent typed; null when nothing in it is searchable (see <see cref="SearchQuery.Parse"/>).</summary>
    public static SearchPlan? Plan(string? q) => SearchQuery.Parse(q) is { } query ? Of(query) : null;

    public static SearchPlan Of(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var broad = query.Terms.Select(Broad).ToList();
        var exact = query.Terms.Select(t => t.HasVariants ? Exact(t) : null).ToList();
        var all = And(broad);
        var ranked = Enumerable.Range(0, query.Terms.Count).Where(i => exact[i] is not null).Take(MaxRankedTerms).ToList();
        if (ranked.Count == 0)
        {
            return new SearchPlan(query, all, [new SearchTier(0, all)]);
        }

        var tiers = new List<SearchTier>();
        for (var exactCount = ranked.Count; exactCount >= 0; exactCount--)
        {
            var clauses = Subsets(ranked, exactCount).Select(subset => And(Enumerable.Range(0, query.Terms.Count).Select(i =>
                !ranked.Contains(i) ? broad[i]
                : subset.Contains(i) ? exact[i]!
                : new NpgsqlTsQueryAnd(broad[i], new NpgsqlTsQueryNot(exact[i]!))).ToList()));
            tiers.Add(new SearchTier(ranked.Count - exactCount, Or(clauses.ToList())));
        }

        return new SearchPlan(query, all, tiers);
    }

    /// <summary>
    /// What a term matches: a word as said or as a said word's stripped form, or its own stripped forms as said; a
    /// phrase as such words one after the other; a number as said (the digits, or the groups as typed one after the
    /// other) or within the call's numbers.
    /// </summary>
    private static NpgsqlTsQuery Broad(SearchTerm term) => term.Kind switch
    {
        SearchTermKind.Word => Word(term.Words[0], prefix: false),
        SearchTermKind.Prefix => Word(term.Words[0], prefix: true),
        SearchTermKind.Phrase => Phrase(term.Words.Select(w => Word(w, prefix: false)).ToList()),
        _ => Number(term),
    };

    /// <summary>What a term matches in exact form: the word (the phrase's words) as said.</summary>
    private static NpgsqlTsQuery Exact(SearchTerm term) => term.Kind switch
    {
        SearchTermKind.Word => new NpgsqlTsQueryLexeme(term.Words[0]),
        SearchTermKind.Prefix => new NpgsqlTsQueryLexeme(term.Words[0], Weight.None, true),
        SearchTermKind.Phrase => Phrase(term.Words.Select(w => (NpgsqlTsQuery)new NpgsqlTsQueryLexeme(w)).ToList()),
        _ => Number(term),
    };

    /// <summary>The word as said, a said word's stripped form (<c>~word</c>), or the word's own stripped forms as said.</summary>
    private static NpgsqlTsQuery Word(string word, bool prefix)
    {
        var alternatives = new List<NpgsqlTsQuery>
        {
            new NpgsqlTsQueryLexeme(word, Weight.None, prefix),
        };
        if (SearchText.IsHebrew(word))
        {
            alternatives.Add(new NpgsqlTsQueryLexeme(SearchDocument.VariantMarker + word, Weight.None, prefix));
        }

        alternatives.AddRange(SearchText.Variants(word).Select(v => new NpgsqlTsQueryLexeme(v, Weight.None, prefix)));
        return Or(alternatives);
    }

    private static NpgsqlTsQuery Number(SearchTerm term)
    {
        var alternatives = new List<NpgsqlTsQuery> { new NpgsqlTsQueryLexeme(term.Digits) };
        if (term.Words.Count > 1)
        {
            alternatives.Add(Phrase(term.Words.Select(w => (NpgsqlTsQuery)new NpgsqlTsQueryLexeme(w)).ToList()));
        }

        alternatives.AddRange(term.PhoneForms.Select(f => new NpgsqlTsQueryLexeme(SearchDocument.PhoneMarker + f, Weight.None, true)));
        return Or(alternatives);
    }

    private static NpgsqlTsQuery Phrase(List<NpgsqlTsQuery> words) =>
        words.Skip(1).Aggregate(words[0], (left, right) => new NpgsqlTsQueryFollowedBy(left, 1, right));

    private static NpgsqlTsQuery And(List<NpgsqlTsQuery> parts) =>
        parts.Skip(1).Aggregate(parts[0], (left, right) => new NpgsqlTsQueryAnd(left, right));

    private static NpgsqlTsQuery Or(List<NpgsqlTsQuery> parts) =>
        parts.Skip(1).Aggregate(parts[0], (left, right) => new NpgsqlTsQueryOr(left, right));

    private static IEnumerable<HashSet<int>> Subsets(List<int> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = 0; i <= items.Count - size; i++)
        {
            foreach (var rest in Subsets(items[(i + 1)..], size - 1))
            {
                rest.Add(items[i]);
                yield return rest;
            }
        }
    }
}
