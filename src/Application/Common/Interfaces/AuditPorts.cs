using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Where audit entries go. <see cref="Append"/> never waits and never fails the request that records: entries are
/// written off the request's path, retried while the database refuses them, and never dropped silently.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Queues an entry. A <see cref="AuditAction.Play"/> repeated by the same agent for the same recording within
    /// <c>Audit:PlayWindow</c> is the same listening and is not written again.
    /// </summary>
    void Append(AuditEntry entry);
}

/// <summary>Reading the audit trail (operators).</summary>
public interface IAuditReadRepository
{
    Task<PagedResult<AuditEntryDto>> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>What to list: every given field must match; <c>From</c> inclusive, <c>To</c> exclusive.</summary>
public sealed record AuditFilter(
    Guid? BusinessId, string? CallSid, string? AgentEmail, AuditAction? Action, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>An audit entry as the admin API shows it.</summary>
public sealed record AuditEntryDto(
    DateTimeOffset At, string Action, string AgentEmail, Guid BusinessId, string CallSid, string? RecordingSid, string? Ip, string? UserAgent);
