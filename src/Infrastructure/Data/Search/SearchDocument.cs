using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using NpgsqlTypes;
using Recordings.Domain.Calls;
using Recordings.Domain.Calls.Search;

namespace Recordings.Infrastructure.Data.Search;

/// <summary>
/// A call's search document (<c>calls.search_document</c>, a <c>tsvector</c> whose lexemes are made here, never by a
/// PostgreSQL text-search parser): what was said and the call's numbers.
/// <list type="bullet">
/// <item>Each word of each transcript segment, normalized (<see cref="SearchText"/>), at its position (its exact form);
/// a Hebrew word's prefix-stripped forms (<see cref="SearchText.Variants"/>) at the same position, marked with
/// <see cref="VariantMarker"/>. A query's own variants look only for exact forms, so two stripped forms never meet.
/// Lexemes of their own rather than tsvector weights: the GIN index then answers a word, its exact form or its
/// absence without reading the row (a weight is only checked on the row).</item>
/// <item>Segments are <see cref="SegmentGap"/> positions apart, so a phrase never spans two segments.</item>
/// <item>The digits of <c>From</c> and <c>To</c> (and an Israeli number's national form) as every suffix of 3 or more
/// digits, marked with <see cref="PhoneMarker"/> and without positions: a query's digits <c>#1234:*</c> find any run of
/// digits in them.</item>
/// </list>
/// </summary>
public static class SearchDocument
{
    /// <summary>The shadow property of <c>calls.search_document</c>: <c>EF.Property&lt;NpgsqlTsVector&gt;(call, SearchDocument.PropertyName)</c>.</summary>
    public const string PropertyName = "SearchDocument";

    /// <summary>Marks a phone number's lexemes; a word never contains it.</summary>
    public const string PhoneMarker = "#";

    /// <summary>Marks a word's prefix-stripped form (<c>~לקוח</c> where <c>הלקוח</c> was said); a word never contains it.</summary>
    public const string VariantMarker = "~";

    /// <summary>Positions between the last word of a segment and the first of the next.</summary>
    public const int SegmentGap = 8;

    /// <summary>PostgreSQL's highest position (later words share it) and most positions kept per lexeme.</summary>
    private const int MaxPosition = 16383;
    private const int MaxPositionsPerLexeme = 256;

    /// <summary>
    /// Sets the search document of every call being added, or whose transcript or numbers changed (a transcript saved,
    /// expired, redacted), in the save that changes them: searchable the moment the transaction commits.
    /// </summary>
    internal static void Refresh(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries<CallLog>())
        {
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && (entry.Property(c => c.TranscriptSegments).IsModified
                    || entry.Property(c => c.From).IsModified || entry.Property(c => c.To).IsModified)))
            {
                var call = entry.Entity;
                entry.Property<NpgsqlTsVector?>(PropertyName).CurrentValue = Build(call.From, call.To, call.TranscriptSegments);
            }
        }
    }

    public static NpgsqlTsVector Build(string? from, string? to, IReadOnlyList<TranscriptSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 1;
        foreach (var segment in segments)
        {
            var tokens = SearchText.Tokenize(segment.Text);
            if (tokens.Count == 0)
            {
                continue;
            }

            foreach (var token in tokens)
            {
                var at = Math.Min(position, MaxPosition);
                Add(positions, token.Form, at);
                foreach (var variant in SearchText.Variants(token.Form))
                {
                    Add(positions, VariantMarker + variant, at);
                }

                position++;
            }

            // A number written in groups is also its digits together, where its first group is.
            var first = position - tokens.Count;
            foreach (var run in SearchText.NumberRuns(segment.Text, tokens))
            {
                Add(positions, run.Digits, Math.Min(first + run.First, MaxPosition));
            }

            position += SegmentGap;
        }

        // Npgsql builds a tsvector only from its text form; every lexeme is quoted (and a quote or backslash in one,
        // which the normalizer never makes, escaped), so the text is read back exactly as built.
        var text = new StringBuilder(positions.Count * 16);
        foreach (var (lexeme, list) in positions)
        {
            Quote(text, lexeme).Append(':');
            AppendPositions(text, list);
            text.Append(' ');
        }

        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var party in new[] { from, to })
        {
            foreach (var digits in SearchText.PhoneForms(party))
            {
                for (var start = 0; digits.Length - start >= 3; start++)
                {
                    phones.Add(PhoneMarker + digits[start..]);
                }
            }
        }

        foreach (var phone in phones)
        {
            Quote(text, phone).Append(' ');
        }

        // Obsolete as a parser of arbitrary text (it cannot follow PostgreSQL's own parsing of words); here it only reads
        // quoted lexemes with positions, exactly the format it writes, and the integration tests read them back.
#pragma warning disable CS0618
        return NpgsqlTsVector.Parse(text.ToString());
#pragma warning restore CS0618
    }

    private static StringBuilder Quote(StringBuilder text, string lexeme)
    {
        text.Append('\'');
        foreach (var c in lexeme)
        {
            if (c is '\'' or '\\')
            {
                text.Append(c);
            }

            text.Append(c);
        }

        return text.Append('\'');
    }

    private static void Add(Dictionary<string, List<int>> positions, string lexeme, int at)
    {
        if (!positions.TryGetValue(lexeme, out var list))
        {
            positions[lexeme] = list = [];
        }

        list.Add(at);
    }

    /// <summary>A lexeme's positions as PostgreSQL takes them: ascending, each once (past the last position all words share it), at most 256.</summary>
    private static void AppendPositions(StringBuilder text, List<int> list)
    {
        list.Sort();
        var written = 0;
        var last = 0;
        foreach (var position in list)
        {
            if (position == last)
            {
                continue;
            }

            text.Append(written == 0 ? "" : ",").Append(position);
            last = position;
            if (++written == MaxPositionsPerLexeme)
            {
                break;
            }
        }
    }
}
