using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Application.Common.Access;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data.Configurations;
using Recordings.Infrastructure.Organisation;
using Recordings.Infrastructure.Data.Search;

namespace Recordings.Infrastructure.Data.Repositories;

internal sealed class CallReadRepository(RecordingsDbContext db) : ICallReadRepository
{
    public async Task<PageSlice<CallListItemDto, CallListKey>> ListAsync(
        Viewer viewer, string? query, CallListOrder order, CallListFilter filter, PageRequest<CallListKey> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var calls = Filtered(viewer.Scope, filter);
        var plan = query is null ? null : SearchPlan.Plan(query);
        var silence = order == CallListOrder.Silence;
        List<(ListRowData Row, int? Rank)> rows;
        if (plan is null)
        {
            var ordered = silence ? BySilence(After(calls, page.After, silence)) : Newest(After(calls, page.After, silence));
            rows = [.. (await ordered.Skip(page.Offset).Take(page.Limit).Select(ListRow).ToListAsync(cancellationToken)).Select(r => (r, (int?)null))];
        }
        else if (order == CallListOrder.Relevance)
        {
            rows = await ByRelevanceAsync(calls, plan, page, cancellationToken);
        }
        else
        {
            // A search in the list's own order: the matches, newest (or most silent) first, through the search index
            // when the matches are few (SearchPaging).
            var found = await SearchPaging.NewestMatchesAsync(db, After(calls, page.After, silence), plan.All,
                silence ? BySilence : Newest, ListRow, page.Offset + page.Limit, cancellationToken);
            rows = [.. found.Skip(page.Offset).Select(r => (r, (int?)null))];
        }

        var hits = plan is null || rows.Count == 0
            ? null
            : await SearchHits.HitsAsync(db, viewer.BusinessId, plan, [.. rows.Select(r => r.Row.CallSid)], cancellationToken);
        var items = rows.ConvertAll(r => Item(r.Row, hits, viewer.Chart));
        var last = rows.Count == page.Limit ? rows[^1] : default;
        return new PageSlice<CallListItemDto, CallListKey>(items, last.Row is null ? null
            : new CallListKey(last.Row.ListedAt, last.Row.CallSid, silence ? last.Row.SilenceOrder : null, last.Rank));
    }

    public async Task<ListTotal> CountAsync(Viewer viewer, string? query, CallListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var calls = Filtered(viewer.Scope, filter);
        if (query is null || SearchPlan.Plan(query) is not { } plan)
        {
            return await ListTotals.CountAsync(db, calls, cancellationToken);
        }

        // The matches counted through the search index (a rare word has no statistics, and the planner would walk every call).
        var matching = calls.Where(SearchPaging.Matches(plan.All));
        return await SearchPaging.ThroughTheIndexAsync(db, ct => ListTotals.CountAsync(db, matching, ct), cancellationToken);
    }

    /// <summary>
    /// The matches best first: tier by tier (exact forms first, then fewer of them), newest first within a tier; the
    /// cursor says in which tier the previous page ended, and after which row.
    /// </summary>
    private async Task<List<(ListRowData Row, int? Rank)>> ByRelevanceAsync(
        IQueryable<CallLog> calls, SearchPlan plan, PageRequest<CallListKey> page, CancellationToken cancellationToken)
    {
        var rows = new List<(ListRowData Row, int? Rank)>();
        var skip = page.Offset;
        foreach (var tier in plan.Tiers.Where(t => page.After is null || t.Rank >= (page.After.Rank ?? 0)))
        {
            var candidates = page.After is { } after && tier.Rank == (after.Rank ?? 0) ? After(calls, after, silence: false) : calls;
            var wanted = skip + page.Limit - rows.Count;
            var found = await SearchPaging.NewestMatchesAsync(db, candidates, tier.Query, Newest, ListRow, wanted, cancellationToken);
            var kept = found.Skip(skip).ToList();
            skip = Math.Max(0, skip - found.Count);
            rows.AddRange(kept.Select(r => (r, (int?)tier.Rank)));
            if (rows.Count >= page.Limit)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>The calls of the viewer's scope that pass the filters, in no order yet.</summary>
    private IQueryable<CallLog> Filtered(CallScope scope, CallListFilter filter)
    {
        var calls = db.Calls.AsNoTracking().VisibleTo(scope);
        if (filter.AgentId is { } agentId)
        {
            calls = calls.Where(c => c.AgentIds.Contains(agentId));
        }

        if (filter.Team is { } team)
        {
            // A team's calls, as a scope names them: its members' calls and the calls on its numbers.
            calls = calls.VisibleTo(new CallScope(scope.BusinessId, false, team.MemberIds, team.PhoneNumbers));
        }

        if (filter.From is { } from)
        {
            calls = calls.Where(c => EF.Property<DateTimeOffset>(c, ListedAt) >= from);
        }

        if (filter.To is { } to)
        {
            calls = calls.Where(c => EF.Property<DateTimeOffset>(c, ListedAt) < to);
        }

        if (filter.Directions is { } directions)
        {
            calls = calls.Where(c => directions.Contains(c.Direction));
        }

        if (filter.MinSilenceSeconds is { } least)
        {
            // Served by the silence index: calls not measured have SilenceOrder -1, below any least silence.
            calls = calls.Where(c => EF.Property<double>(c, SilenceOrder) >= least);
        }

        return calls;
    }

    private static IOrderedQueryable<CallLog> Newest(IQueryable<CallLog> calls) =>
        calls.OrderByDescending(c => EF.Property<DateTimeOffset>(c, ListedAt)).ThenByDescending(c => c.CallSid);

    private static IOrderedQueryable<CallLog> BySilence(IQueryable<CallLog> calls) =>
        calls.OrderByDescending(c => EF.Property<double>(c, SilenceOrder))
            .ThenByDescending(c => EF.Property<DateTimeOffset>(c, ListedAt)).ThenByDescending(c => c.CallSid);

    private static CallListItemDto Item(ListRowData r, IReadOnlyDictionary<string, IReadOnlyList<SearchHitDto>>? hits, OrgChart chart)
    {
        var (agents, teams) = CallDetailDto.PeopleOf(chart, r.AgentIds, r.Line);
        // The list shows when the call started, or when it was first heard of: what it is ordered by (listed_at).
        return new(r.CallSid, r.From, r.To, r.Direction.ToName(), r.Status.ToName(), r.ListedAt,
            CallLog.LengthOf(r.DurationSeconds, r.Recordings.Select(h => h.MeasuredDurationSeconds)), ListRecording(r.Recordings),
            new StateDto(r.TranscriptState.ToName()), new StateDto(r.SummaryState.ToName()), InsightOf(r.Recordings))
        {
            Agents = agents,
            Teams = teams,
            Hits = hits is null ? null : hits.TryGetValue(r.CallSid, out var found) ? found : [],
        };
    }

    /// <summary>The rows after the cursor's, in the list's order (a row comparison the order's index serves).</summary>
    private static IQueryable<CallLog> After(IQueryable<CallLog> calls, CallListKey? after, bool silence)
    {
        if (after is null)
        {
            return calls;
        }

        if (silence)
        {
            var least = after.Silence ?? -1;
            return calls.Where(c => EF.Functions.LessThan(
                ValueTuple.Create(EF.Property<double>(c, SilenceOrder), EF.Property<DateTimeOffset>(c, ListedAt), c.CallSid),
                ValueTuple.Create(least, after.ListedAt, after.CallSid)));
        }

        return calls.Where(c => EF.Functions.LessThan(
            ValueTuple.Create(EF.Property<DateTimeOffset>(c, ListedAt), c.CallSid), ValueTuple.Create(after.ListedAt, after.CallSid)));
    }

    public async Task<CallDetailDto?> FindAsync(Viewer viewer, string callSid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var call = await db.Calls.AsNoTracking().VisibleTo(viewer.Scope)
            .Where(c => c.CallSid == callSid)
            .SingleOrDefaultAsync(cancellationToken);
        if (call is null)
        {
            return null;
        }

        var (agents, teams) = CallDetailDto.PeopleOf(viewer.Chart, call.AgentIds, call.BusinessNumber);
        return new CallDetailDto(
            call.CallSid,
            call.From,
            call.To,
            call.Direction.ToName(),
            call.Status.ToName(),
            call.StartedAt,
            call.LengthSeconds,
            new RecordingInfoDto(RedactionDto.StateOf(call.Recording.State, call.Recording.Redaction), call.Recording.LengthSeconds,
                call.Recording.Channels, ErrorOf(call.Recording), call.Recording.ExpiredAt, RedactionDto.Of(call.Recording)),
            // Words' times are kept for redaction and later tools, not sent: they would multiply a long call's detail.
            new TranscriptDto(call.TranscriptState.ToName(), call.TranscriptLanguage, call.TranscriptText,
                [.. call.TranscriptSegments.Select(s => s with { RecordingSid = s.RecordingSid ?? call.Recording.RecordingSid, Words = null })],
                call.TranscriptExpiredAt),
            new SummaryDto(call.SummaryState.ToName(), call.SummaryText, call.SummaryProvider),
            [.. call.RecordingsInOrder.Select(r => new CallRecordingDto(
                r.RecordingSid!, RedactionDto.StateOf(r.State, r.Redaction), r.LengthSeconds, r.Channels, r.StartedAt, ErrorOf(r), r.ExpiredAt,
                MetricsDto.Of(r.Metrics), MetricsDto.SilencesOf(r)) { Redaction = RedactionDto.Of(r) })],
            MetricsDto.Of(call.Recording.Metrics),
            MetricsDto.SilencesOf(call.Recording))
        {
            Agents = agents,
            Teams = teams,
            Redactions = [.. call.Redactions.Select(r => new RedactionItemDto(
                r.RecordingSid ?? call.Recording.RecordingSid, r.StartSeconds, r.EndSeconds, RedactedEntities.NameOf(r.Entity)))],
        };
    }

    private static ListRecordingDto ListRecording(List<RecordingHeader> recordings) =>
        CallLog.FirstOf(recordings) is { } first
            ? new ListRecordingDto(RedactionDto.StateOf(first.State, first.Redaction), ErrorOf(first.State, first.Error), first.ExpiredAt, recordings.Count)
            : new ListRecordingDto(RecordingState.Missing.ToName(), null, null, 0);

    /// <summary>Talk and silence summed over the measured recordings; talk per speaker only if every one of them has it.</summary>
    private static ListInsightDto? InsightOf(List<RecordingHeader> recordings)
    {
        var measured = recordings.Where(r => r.Metrics is not null).Select(r => r.Metrics!).ToList();
        if (measured.Count == 0)
        {
            return null;
        }

        var perSpeaker = measured.All(m => m.AgentTalkSeconds is not null && m.CustomerTalkSeconds is not null);
        return new ListInsightDto(
            perSpeaker ? Math.Round(measured.Sum(m => m.AgentTalkSeconds!.Value), 2) : null,
            perSpeaker ? Math.Round(measured.Sum(m => m.CustomerTalkSeconds!.Value), 2) : null,
            Math.Round(measured.Sum(m => m.SilenceSeconds), 2));
    }

    private static string? ErrorOf(Recording recording) => ErrorOf(recording.State, recording.Error);

    private static string? ErrorOf(RecordingState state, string? error) =>
        state is RecordingState.Failed or RecordingState.Missing ? error : null;

    /// <summary>The shadow columns the list orders by (see CallLogConfiguration): coalesce(started_at, created_at), and coalesce(silence_seconds, -1).</summary>
    internal const string ListedAt = "ListedAt";

    internal const string SilenceOrder = "SilenceOrder";

    private static readonly Expression<Func<CallLog, ListRowData>> ListRow = c => new ListRowData(
        c.CallSid, c.From, c.To, c.Direction, c.Status, c.DurationSeconds,
        EF.Property<DateTimeOffset>(c, ListedAt), EF.Property<double>(c, SilenceOrder),
        c.Recordings.Select(r => new RecordingHeader(
            r.State, r.StartedAt, r.CompletedAt, r.Position, r.Error, r.ExpiredAt, r.AnalyzedAt != null ? r.Metrics : null, r.MeasuredDurationSeconds,
            r.Redaction)).ToList(),
        c.TranscriptState, c.SummaryState, c.AgentIds, EF.Property<string?>(c, CallLogConfiguration.Line));

    private sealed record ListRowData(
        string CallSid, string? From, string? To, CallDirection Direction, CallStatus Status,
        int? DurationSeconds, DateTimeOffset ListedAt, double SilenceOrder, List<RecordingHeader> Recordings, ProcessingState TranscriptState, ProcessingState SummaryState,
        Guid[] AgentIds, string? Line);

    /// <summary>
    /// What the calls list reads of each recording: what orders them, why one is not playable and what was measured,
    /// its length included (not its transcript).
    /// </summary>
    private sealed record RecordingHeader(
        RecordingState State, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int Position, string? Error, DateTimeOffset? ExpiredAt,
        RecordingMetrics? Metrics, double? MeasuredDurationSeconds, RedactionProgress Redaction)
        : IStartOrdered;
}
