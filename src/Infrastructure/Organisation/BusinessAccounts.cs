using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Manage;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Identity;

namespace Recordings.Infrastructure.Organisation;

/// <summary>
/// A business's accounts (<c>agents</c>), their teams (<c>team_members</c>) and identities (<c>account_identities</c>),
/// as the business's administration reads and writes them. Every query names the business: an account of another
/// business is not found. An account is disabled as <see cref="AgentAccounts.SetDisabledAsync"/> and the org chart say:
/// a lockout that has not ended.
/// </summary>
internal sealed class BusinessAccounts(RecordingsDbContext db, TimeProvider time) : IBusinessAccounts
{
    public async Task<IReadOnlyList<ManagedAccount>> ListAsync(Guid businessId, CancellationToken cancellationToken) =>
        await ReadAsync(businessId, null, cancellationToken);

    public async Task<ManagedAccount?> FindAsync(Guid businessId, Guid accountId, CancellationToken cancellationToken) =>
        (await ReadAsync(businessId, accountId, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlySet<Guid>> FindIdsAsync(Guid businessId, IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var ids = accountIds.ToArray();
        return (await db.Users.AsNoTracking().Where(a => a.BusinessId == businessId && ids.Contains(a.Id)).Select(a => a.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
    }

    public Task<int> CountEnabledAdminsAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Users.CountAsync(a => a.BusinessId == businessId && a.Role == AccountRole.Admin && (a.LockoutEnd == null || a.LockoutEnd <= now),
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Guid>> FindIdentityOwnersAsync(
        Guid businessId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        var values = identities.ToArray();
        return await db.AccountIdentities.AsNoTracking().Where(i => i.BusinessId == businessId && values.Contains(i.Identity))
            .ToDictionaryAsync(i => i.Identity, i => i.AccountId, StringComparer.Ordinal, cancellationToken);
    }

    public async Task SetProfileAsync(Guid businessId, Guid accountId, string displayName, AccountRole role, CancellationToken cancellationToken) =>
        await db.Users.Where(a => a.Id == accountId && a.BusinessId == businessId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.DisplayName, displayName)
                .SetProperty(a => a.Role, role)
                .SetProperty(a => a.ConcurrencyStamp, Guid.NewGuid().ToString("N")), cancellationToken);

    public async Task SetTeamsAsync(Guid businessId, Guid accountId, IReadOnlyCollection<Guid> teamIds, CancellationToken cancellationToken)
    {
        await db.TeamMembers.Where(m => m.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        if (teamIds.Count == 0)
        {
            return;
        }

        db.TeamMembers.AddRange(teamIds.Distinct().Select(teamId => new TeamMember { TeamId = teamId, AccountId = accountId }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetIdentitiesAsync(
        Guid businessId, Guid accountId, IReadOnlyCollection<AccountIdentity> identities, CancellationToken cancellationToken)
    {
        await db.AccountIdentities.Where(i => i.BusinessId == businessId && i.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        if (identities.Count == 0)
        {
            return;
        }

        db.AccountIdentities.AddRange(identities.DistinctBy(i => i.Value, StringComparer.Ordinal)
            .Select(i => new AccountIdentityRow { BusinessId = businessId, Identity = i.Value, AccountId = accountId }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another account got one of them first (the business's primary key on the identity): the transaction is over.
            db.ChangeTracker.Clear();
            throw ManageErrors.IdentityTaken(identities.Select(i => i.Value));
        }
    }

    private async Task<List<ManagedAccount>> ReadAsync(Guid businessId, Guid? accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var users = db.Users.AsNoTracking().Where(a => a.BusinessId == businessId);
        if (accountId is { } id)
        {
            users = users.Where(a => a.Id == id);
        }

        var rows = await users
            .Select(a => new { a.Id, Email = a.Email!, a.DisplayName, a.Role, Disabled = a.LockoutEnd != null && a.LockoutEnd > now })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var memberships = await (from member in db.TeamMembers.AsNoTracking()
                                 join user in users on member.AccountId equals user.Id
                                 select member).ToListAsync(cancellationToken);
        var identities = await db.AccountIdentities.AsNoTracking()
            .Where(i => i.BusinessId == businessId && (accountId == null || i.AccountId == accountId))
            .ToListAsync(cancellationToken);
        var teamsOf = memberships.ToLookup(m => m.AccountId, m => m.TeamId);
        var identitiesOf = identities.ToLookup(i => i.AccountId, i => i.Identity);
        return [.. rows
            .Select(a => new ManagedAccount(a.Id, a.Email, a.DisplayName, a.Role, [.. teamsOf[a.Id].Order()],
                [.. identitiesOf[a.Id].Order(StringComparer.Ordinal)], a.Disabled))
            .OrderBy(a => a.DisplayName, StringComparer.InvariantCultureIgnoreCase)
            .ThenBy(a => a.Email, StringComparer.OrdinalIgnoreCase)];
    }
}
