using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Organisation;

/// <summary>Finds a business's accounts by their identities (the key of <c>account_identities</c> is business and identity).</summary>
internal sealed class AccountDirectory(RecordingsDbContext db) : IAccountDirectory
{
    public async Task<IReadOnlyList<Guid>> FindByIdentitiesAsync(Guid businessId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        if (identities.Count == 0)
        {
            return [];
        }

        var wanted = identities.Distinct(StringComparer.Ordinal).ToList();
        return await db.AccountIdentities.AsNoTracking()
            .Where(i => i.BusinessId == businessId && wanted.Contains(i.Identity))
            .Select(i => i.AccountId).Distinct().ToListAsync(cancellationToken);
    }
}
