using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Data.Repositories;

internal sealed class CallReadRepository(RecordingsDbContext db) : ICallReadRepository
{
    public async Task<PagedResult<CallListItemDto>> ListAsync(
        Guid businessId, int page, int pageSize, string? query, CallListOrder order, double? minSilenceSeconds, CancellationToken cancellationToken)
    {
        var calls = db.Calls.AsNoTracking().Where(c => c.BusinessId == businessId);
        if (query is not null)
        {
            var pattern = "%" + EscapeLike(query) + "%";
            // Numbers and what was said (a trigram index on the transcript keeps this fast).
            calls = calls.Where(c => EF.Functions.ILike(c.From!, pattern, "\\") || EF.Functions.ILike(c.To!, pattern, "\\")
                || EF.Functions.ILike(c.TranscriptText!, pattern, "\\"));
        }

        if (minSilenceSeconds is { } least)
        {
            calls = calls.Where(c => c.Recordings.Where(r => r.AnalyzedAt != null).Sum(r => r.Metrics!.SilenceSeconds) >= least
                && c.Recordings.Any(r => r.AnalyzedAt != null));
        }

        var total = await calls.CountAsync(cancellationToken);
        var ordered = order == CallListOrder.Silence
            ? calls
                .OrderByDescending(c => c.Recordings.Any(r => r.AnalyzedAt != null))
                .ThenByDescending(c => c.Recordings.Where(r => r.AnalyzedAt != null).Sum(r => r.Metrics!.SilenceSeconds))
                .ThenByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid)
            : calls.OrderByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid);
        var rows = await ordered
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(ListRow)
            .ToListAsync(cancellationToken);

        var items = rows.ConvertAll(r => new CallListItemDto(
            r.CallSid, r.From, r.To, r.Direction.ToName(), r.Status.ToName(), r.StartedAt,
            CallLog.LengthOf(r.DurationSeconds, r.Recordings.Select(h => h.MeasuredDurationSeconds)), ListRecording(r.Recordings), new StateDto(r.TranscriptState.ToName()), new StateDto(r.SummaryState.ToName()), InsightOf(r.Recordings)));
        return new PagedResult<CallListItemDto>(items, page, pageSize, total);
    }

    public async Task<CallDetailDto?> FindAsync(Guid businessId, string callSid, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking()
            .Where(c => c.CallSid == callSid && c.BusinessId == businessId)
            .SingleOrDefaultAsync(cancellationToken);
        if (call is null)
        {
            return null;
        }

        return new CallDetailDto(
            call.CallSid,
            call.From,
            call.To,
            call.Direction.ToName(),
            call.Status.ToName(),
            call.StartedAt,
            call.LengthSeconds,
            new RecordingInfoDto(call.Recording.State.ToName(), call.Recording.LengthSeconds, call.Recording.Channels, ErrorOf(call.Recording), call.Recording.ExpiredAt),
            new TranscriptDto(call.TranscriptState.ToName(), call.TranscriptLanguage, call.TranscriptText,
                [.. call.TranscriptSegments.Select(s => s.RecordingSid is null ? s with { RecordingSid = call.Recording.RecordingSid } : s)],
                call.TranscriptExpiredAt),
            new SummaryDto(call.SummaryState.ToName(), call.SummaryText, call.SummaryProvider),
            [.. call.RecordingsInOrder.Select(r => new CallRecordingDto(
                r.RecordingSid!, r.State.ToName(), r.LengthSeconds, r.Channels, r.StartedAt, ErrorOf(r), r.ExpiredAt,
                MetricsDto.Of(r.Metrics), MetricsDto.SilencesOf(r)))],
            MetricsDto.Of(call.Recording.Metrics),
            MetricsDto.SilencesOf(call.Recording));
    }

    private static ListRecordingDto ListRecording(List<RecordingHeader> recordings) =>
        CallLog.FirstOf(recordings) is { } first
            ? new ListRecordingDto(first.State.ToName(), ErrorOf(first.State, first.Error), first.ExpiredAt, recordings.Count)
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

    private static readonly Expression<Func<CallLog, ListRowData>> ListRow = c => new ListRowData(
        c.CallSid, c.From, c.To, c.Direction, c.Status, c.StartedAt ?? c.CreatedAt, c.DurationSeconds,
        c.Recordings.Select(r => new RecordingHeader(
            r.State, r.StartedAt, r.CompletedAt, r.Position, r.Error, r.ExpiredAt, r.AnalyzedAt != null ? r.Metrics : null, r.MeasuredDurationSeconds)).ToList(),
        c.TranscriptState, c.SummaryState);

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed record ListRowData(
        string CallSid, string? From, string? To, CallDirection Direction, CallStatus Status, DateTimeOffset? StartedAt,
        int? DurationSeconds, List<RecordingHeader> Recordings, ProcessingState TranscriptState, ProcessingState SummaryState);

    /// <summary>
    /// What the calls list reads of each recording: what orders them, why one is not playable and what was measured,
    /// its length included (not its transcript).
    /// </summary>
    private sealed record RecordingHeader(
        RecordingState State, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int Position, string? Error, DateTimeOffset? ExpiredAt,
        RecordingMetrics? Metrics, double? MeasuredDurationSeconds)
        : IStartOrdered;
}
