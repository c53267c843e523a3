using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Models;
using Recordings.Domain.Calls;
using Recordings.Domain.Calls.Search;

namespace Recordings.Infrastructure.Data.Search;

/// <summary>
/// The best transcript segments of found calls, with the ranges that matched: read from the calls' stored segments and
/// matched in C# by the same normalizer and rules as the index (<see cref="SearchQuery.Match"/>).
/// </summary>
public static class SearchHits
{
    /// <summary>At most this many segments per call.</summary>
    public const int MaxHitsPerCall = 3;

    /// <summary>
    /// For each of <paramref name="callSids"/> (of <paramref name="businessId"/>; others are ignored), its best segments,
    /// best first: more terms matched in exact form, then more terms matched, then earlier in the call. A call found only
    /// by its numbers has none (the numbers are on its row). Calls without a hit are left out.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchHitDto>>> HitsAsync(
        RecordingsDbContext db, Guid businessId, SearchPlan plan, IReadOnlyCollection<string> callSids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(callSids);
        var hits = new Dictionary<string, IReadOnlyList<SearchHitDto>>(StringComparer.Ordinal);
        if (callSids.Count == 0)
        {
            return hits;
        }

        var sids = callSids.Distinct().ToList();
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.BusinessId == businessId && sids.Contains(c.CallSid))
            .Select(c => new
            {
                c.CallSid,
                c.TranscriptSegments,
                Recordings = c.Recordings.Select(r => new RecordingOrder(r.RecordingSid, r.State, r.StartedAt, r.CompletedAt, r.Position)).ToList(),
            })
            .ToListAsync(cancellationToken);
        foreach (var call in calls)
        {
            var found = Best(plan.Query, call.TranscriptSegments, CallLog.FirstOf(call.Recordings)?.RecordingSid);
            if (found.Count > 0)
            {
                hits[call.CallSid] = found;
            }
        }

        return hits;
    }

    /// <summary>The best segments of one transcript (see <see cref="HitsAsync"/>); a segment without a recording belongs to <paramref name="firstRecordingSid"/>.</summary>
    public static IReadOnlyList<SearchHitDto> Best(SearchQuery query, IReadOnlyList<TranscriptSegment> segments, string? firstRecordingSid)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(segments);
        var scored = new List<(int Exact, int Matched, int Index, SearchHitDto Hit)>();
        for (var index = 0; index < segments.Count; index++)
        {
            var segment = segments[index];
            var (terms, tokens) = query.Match(segment.Text, SearchText.Tokenize(segment.Text));
            var matched = terms.Count(t => t.Matched);
            if (matched == 0)
            {
                continue;
            }

            var highlights = tokens
                .DistinctBy(t => t.Start)
                .OrderBy(t => t.Start)
                .Select(t => new[] { t.Start, t.End })
                .ToList();
            scored.Add((terms.Count(t => t.Matched && t.Exact), matched, index, new SearchHitDto(
                segment.RecordingSid ?? firstRecordingSid, segment.StartSeconds, segment.EndSeconds, segment.Speaker, segment.Text, highlights)));
        }

        return
        [
            .. scored
                .OrderByDescending(s => s.Exact).ThenByDescending(s => s.Matched).ThenBy(s => s.Index)
                .Take(MaxHitsPerCall)
                .Select(s => s.Hit),
        ];
    }

    private sealed record RecordingOrder(string? RecordingSid, RecordingState State, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int Position)
        : IStartOrdered;
}
