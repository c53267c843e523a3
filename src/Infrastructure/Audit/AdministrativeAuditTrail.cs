using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Audit;

/// <summary>
/// Writes an administrative entry through the request's <see cref="RecordingsDbContext"/>, in the transaction of the
/// change it records (not through <see cref="BufferedAuditLog"/>, which writes later and may lose an entry when a node
/// is killed): an administrator's change is never stored without its entry.
/// </summary>
internal sealed class AdministrativeAuditTrail(RecordingsDbContext db, IAuditActor actor, TimeProvider time) : IAdministrativeAudit
{
    public async Task RecordAsync(Guid businessId, AuditAction action, string target, string? detail, string? callSid, CancellationToken cancellationToken)
    {
        db.AuditEntries.Add(AuditEntry.Administrative(time.GetUtcNow(), action, actor.Email, businessId, target, detail, callSid, actor.Ip, actor.UserAgent));
        await db.SaveChangesAsync(cancellationToken);
    }
}
