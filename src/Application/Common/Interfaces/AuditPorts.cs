using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
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
    /// <summary>The entries that match, newest first (ties by their number), from where <paramref name="page"/> says.</summary>
    Task<PageSlice<AuditEntryDto, AuditListKey>> ListAsync(AuditFilter filter, PageRequest<AuditListKey> page, CancellationToken cancellationToken);

    /// <summary>How many entries match: exact up to <see cref="Paging.ExactTotalLimit"/>, the database's estimate beyond.</summary>
    Task<ListTotal> CountAsync(AuditFilter filter, CancellationToken cancellationToken);
}

/// <summary>The sort key of an audit entry in its list, which a cursor carries.</summary>
public sealed record AuditListKey(DateTimeOffset At, long Id);

/// <summary>What to list: every given field must match; <c>From</c> inclusive, <c>To</c> exclusive.</summary>
public sealed record AuditFilter(
    Guid? BusinessId, string? CallSid, string? AgentEmail, AuditAction? Action, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>An audit entry as the admin API shows it (<c>Target</c> and <c>Detail</c>: an administrative entry's).</summary>
public sealed record AuditEntryDto(
    DateTimeOffset At, string Action, string AgentEmail, Guid BusinessId, string? CallSid, string? RecordingSid, string? Ip, string? UserAgent,
    string? Target = null, string? Detail = null);
