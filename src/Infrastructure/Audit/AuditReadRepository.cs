using Microsoft.EntityFrameworkCore;
using Recordings.Application.Audit.Queries.GetAuditEntries;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Audit;

internal sealed class AuditReadRepository(RecordingsDbContext db) : IAuditReadRepository
{
    public async Task<PagedResult<AuditEntryDto>> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken)
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

        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntryDto>(
            rows.ConvertAll(e => new AuditEntryDto(e.At, e.Action.ToName(), e.AgentEmail, e.BusinessId, e.CallSid, e.RecordingSid, e.Ip, e.UserAgent)),
            page, pageSize, total);
    }
}
