using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Sso;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Sso;

/// <summary>
/// Keeps each business's single sign-on in <c>business_sso</c>; the client secret is protected with the app's Data
/// Protection keys (kept in the database, shared by every node) and is unprotected only by <see cref="FindSecretAsync"/>,
/// for the OpenID Connect handler. It is never logged.
/// </summary>
public sealed class BusinessSsoStore(RecordingsDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock) : IBusinessSsoStore
{
    public const string SecretPurpose = "Recordings.Sso.ClientSecret.v1";

    private IDataProtector Protector => dataProtection.CreateProtector(SecretPurpose);

    public async Task<(SsoSettings Settings, bool HasClientSecret)?> FindAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var row = await db.Set<BusinessSsoRow>().AsNoTracking().SingleOrDefaultAsync(r => r.BusinessId == businessId, cancellationToken);
        return row is null ? null : (ToSettings(row), row.ClientSecretProtected.Length > 0);
    }

    /// <summary>The client secret, unprotected; null when there is none or it cannot be read (the key ring lost).</summary>
    public async Task<string?> FindSecretAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var protectedSecret = await db.Set<BusinessSsoRow>().AsNoTracking().Where(r => r.BusinessId == businessId)
            .Select(r => r.ClientSecretProtected).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Protector.Unprotect(Convert.FromBase64String(protectedSecret)));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    public async Task SaveAsync(Guid businessId, SsoSettings settings, string? clientSecret, CancellationToken cancellationToken)
    {
        var row = await db.Set<BusinessSsoRow>().SingleOrDefaultAsync(r => r.BusinessId == businessId, cancellationToken);
        if (row is null)
        {
            row = new BusinessSsoRow { BusinessId = businessId };
            db.Add(row);
        }
        row.Issuer = settings.Issuer;
        row.ClientId = settings.ClientId;
        if (clientSecret is not null)
        {
            row.ClientSecretProtected = Convert.ToBase64String(Protector.Protect(Encoding.UTF8.GetBytes(clientSecret)));
        }
        row.EmailClaim = settings.EmailClaim;
        row.RoleClaim = settings.RoleClaim;
        row.RoleValues = JsonSerializer.Serialize(settings.RoleValues);
        row.TeamsClaim = settings.TeamsClaim;
        row.Provision = settings.Provision;
        row.PasswordLogin = settings.PasswordLogin;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Guid?> FindBusinessByAccountDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var suffix = "@" + domain.ToUpperInvariant();
        var found = await (from sso in db.Set<BusinessSsoRow>()
                           where db.Users.Any(u => u.BusinessId == sso.BusinessId && u.NormalizedEmail!.EndsWith(suffix))
                           select sso.BusinessId).Take(2).ToListAsync(cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    public async Task<IReadOnlyList<Guid>> FindBusinessesAsync(string issuer, IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken) =>
        await db.Set<BusinessSsoRow>().AsNoTracking().Where(r => r.Issuer == issuer && clientIds.Contains(r.ClientId))
            .Select(r => r.BusinessId).ToListAsync(cancellationToken);

    public async Task<bool> DeleteAsync(Guid businessId, CancellationToken cancellationToken) =>
        await db.Set<BusinessSsoRow>().Where(r => r.BusinessId == businessId).ExecuteDeleteAsync(cancellationToken) > 0;

    private static SsoSettings ToSettings(BusinessSsoRow row) => new(
        row.Issuer, row.ClientId, row.EmailClaim, row.RoleClaim,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.RoleValues) ?? [],
        row.TeamsClaim, row.Provision, row.PasswordLogin);
}
