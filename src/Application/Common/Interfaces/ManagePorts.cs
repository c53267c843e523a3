using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Common.Interfaces;

/// <summary>An account of a business as its administration reads it (<see cref="AccountDto"/> is how the API shows it).</summary>
public sealed record ManagedAccount(
    Guid Id, string Email, string DisplayName, AccountRole Role, IReadOnlyList<Guid> TeamIds, IReadOnlyList<string> Identities, bool Disabled);

/// <summary>
/// A business's accounts as its administrator changes them (<c>/api/manage/agents</c>): every method is about one
/// business, and an account of another business is not found by any of them. The writes run inside the
/// administrative change's transaction (<c>BusinessAdministration</c>), after the business's row is locked.
/// </summary>
public interface IBusinessAccounts
{
    /// <summary>The business's accounts, by display name.</summary>
    Task<IReadOnlyList<ManagedAccount>> ListAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>The business's account, or null (also for an account of another business).</summary>
    Task<ManagedAccount?> FindAsync(Guid businessId, Guid accountId, CancellationToken cancellationToken);

    /// <summary>Of <paramref name="accountIds"/>, those that are accounts of the business (enabled or not).</summary>
    Task<IReadOnlySet<Guid>> FindIdsAsync(Guid businessId, IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken);

    /// <summary>How many enabled accounts of the business are its admins.</summary>
    Task<int> CountEnabledAdminsAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>Of these identities (normalised, <see cref="AccountIdentity.Value"/>), those an account of the business has, with that account.</summary>
    Task<IReadOnlyDictionary<string, Guid>> FindIdentityOwnersAsync(
        Guid businessId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);

    /// <summary>Sets the account's display name and role.</summary>
    Task SetProfileAsync(Guid businessId, Guid accountId, string displayName, AccountRole role, CancellationToken cancellationToken);

    /// <summary>Makes the account a member of exactly these teams (each a team of the business: the caller checks).</summary>
    Task SetTeamsAsync(Guid businessId, Guid accountId, IReadOnlyCollection<Guid> teamIds, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the account exactly these identities. One another account of the business has (the caller checks first,
    /// under the business's lock) is an <c>identity_taken</c> conflict.
    /// </summary>
    Task SetIdentitiesAsync(Guid businessId, Guid accountId, IReadOnlyCollection<AccountIdentity> identities, CancellationToken cancellationToken);
}

/// <summary>A business's teams.</summary>
public interface ITeamRepository
{
    /// <summary>The business's teams with their numbers, supervisors and members, by name.</summary>
    Task<IReadOnlyList<TeamDto>> ListAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>The business's team, tracked (its changes are stored by <see cref="IUnitOfWork.SaveChangesAsync"/>), or null.</summary>
    Task<Team?> FindAsync(Guid businessId, Guid teamId, CancellationToken cancellationToken);

    /// <summary>Adds a new team; stored by the next save.</summary>
    void Add(Team team);

    /// <summary>Removes a team (its memberships, supervisors and numbers with it); by the next save.</summary>
    void Remove(Team team);
}

/// <summary>
/// The audit trail of what a business's administrator did. Unlike <see cref="IAuditLog"/>, the entry is written in the
/// current transaction, with the change it records: both are stored, or neither.
/// </summary>
public interface IAdministrativeAudit
{
    /// <summary>
    /// Writes an entry of <paramref name="action"/> by the request's account (<see cref="IAuditActor"/>) now, in the
    /// current transaction. <paramref name="detail"/> says in short what changed (never a password).
    /// </summary>
    Task RecordAsync(Guid businessId, AuditAction action, string target, string? detail, string? callSid, CancellationToken cancellationToken);
}

/// <summary>Who does what the current request does, as the audit trail names them.</summary>
public interface IAuditActor
{
    /// <summary>The signed-in account's email; throws <see cref="Exceptions.UnauthorizedException"/> without a session.</summary>
    string Email { get; }

    /// <summary>The client's address (as a trusted proxy reported it).</summary>
    string? Ip { get; }

    /// <summary>The client's User-Agent.</summary>
    string? UserAgent { get; }
}
