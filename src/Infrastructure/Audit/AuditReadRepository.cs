using Microsoft.EntityFrameworkCore;
using Recordings.Application.Audit.Queries.GetAuditEntries;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Data.Repositories;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Audit;

internal sealed class AuditReadRepository(RecordingsDbContext db) : IAuditReadRepository
{
    public async Task<PageSlice<AuditEntryDto, AuditListKey>> ListAsync(
        AuditFilter filter, PageRequest<AuditListKey> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var entries = Filtered(filter);
        if (page.After is { } after)
        {
            entries = entries.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.At, e.Id), ValueTuple.Create(after.At, after.Id)));
        }

        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(page.Offset).Take(page.Limit)
            .ToListAsync(cancellationToken);
        var last = rows.Count == page.Limit ? rows[^1] : null;
        return new PageSlice<AuditEntryDto, AuditListKey>(
            rows.ConvertAll(e => new AuditEntryDto(e.At, e.Action.ToName(), e.AgentEmail, e.BusinessId, e.CallSid, e.RecordingSid, e.Ip, e.UserAgent, e.Target, e.Detail)),
            last is null ? null : new AuditListKey(last.At, last.Id));
    }

    public async Task<ListTotal> CountAsync(AuditFilter filter, CancellationToken cancellationToken) =>
        await ListTotals.CountAsync(db, Filtered(filter), cancellationToken);

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = db.AuditEntries.AsNoTracking();
        if (filter.BusinessId is { } businessId)
        {
            entries = entries.Where(e => e.BusinessId == businessId);
        }

        if (filter.CallSid is { } callSid)
        {
            entries = entries.Where(e => e.CallSid == callSid);
        }

        if (filter.AgentEmail is { } email)
        {
            entries = entries.Where(e => e.AgentEmail == email);
        }

        if (filter.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        return entries;
    }
}
