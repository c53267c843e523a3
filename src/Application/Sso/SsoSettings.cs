using Recordings.Application.Common.Exceptions;

namespace Recordings.Application.Sso;

/// <summary>
/// A business's single sign-on (OpenID Connect) as the operator configures it, without the client secret (which is
/// stored protected and never read back through the API).
/// </summary>
/// <param name="Issuer">The provider's issuer URL; its discovery document is <c>{issuer}/.well-known/openid-configuration</c>.</param>
/// <param name="EmailClaim">The ID token's claim that names the account (an email address within the business).</param>
/// <param name="RoleClaim">The claim whose values give the role (null: a new account is an agent, an existing one keeps its role).</param>
/// <param name="RoleValues">For each role (<c>admin</c>, <c>supervisor</c>, <c>agent</c>), the value of <paramref name="RoleClaim"/> that gives it.</param>
/// <param name="TeamsClaim">The claim whose values are the names of the account's teams (null: teams are not touched).</param>
/// <param name="Provision"><c>existing</c>: only accounts that exist sign in; <c>create</c>: an unknown email of the business is created.</param>
/// <param name="PasswordLogin">False: the business's accounts cannot log in with a password (401 <c>sso_required</c>).</param>
public sealed record SsoSettings(
    string Issuer,
    string ClientId,
    string EmailClaim,
    string? RoleClaim,
    IReadOnlyDictionary<string, string> RoleValues,
    string? TeamsClaim,
    string Provision,
    bool PasswordLogin);

/// <summary>A business's single sign-on as the operator's API answers it: <c>hasClientSecret</c>, never the secret.</summary>
public sealed record SsoSettingsDto(
    string Issuer,
    string ClientId,
    bool HasClientSecret,
    string EmailClaim,
    string? RoleClaim,
    IReadOnlyDictionary<string, string> RoleValues,
    string? TeamsClaim,
    string Provision,
    bool PasswordLogin)
{
    public static SsoSettingsDto Of(SsoSettings s, bool hasClientSecret) =>
        new(s.Issuer, s.ClientId, hasClientSecret, s.EmailClaim, s.RoleClaim, s.RoleValues, s.TeamsClaim, s.Provision, s.PasswordLogin);
}

public static class SsoProvision
{
    public const string Existing = "existing";
    public const string Create = "create";
}

public static class SsoRules
{
    public const int MaxIssuerLength = 512;
    public const int MaxClientIdLength = 256;
    public const int MaxClientSecretLength = 1024;
    public const int MaxClaimNameLength = 128;
    public const int MaxClaimValueLength = 256;

    /// <summary>The roles <see cref="SsoSettings.RoleValues"/> may name.</summary>
    public static readonly IReadOnlyList<string> Roles = ["admin", "supervisor", "agent"];

    /// <summary>
    /// An issuer is an absolute https URL without query or fragment; plain http only on a loopback host (a provider on
    /// this machine, as in the tests and the demo).
    /// </summary>
    public static bool IsIssuer(string? issuer)
    {
        if (string.IsNullOrWhiteSpace(issuer) || issuer.Length > MaxIssuerLength
            || !Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }
}

/// <summary>Where each business's single sign-on is kept; the client secret is stored protected and never read back here.</summary>
public interface IBusinessSsoStore
{
    /// <summary>The settings and whether a client secret is stored; null when the business has no single sign-on.</summary>
    Task<(SsoSettings Settings, bool HasClientSecret)?> FindAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the business's settings (inserted or replaced). A null <paramref name="clientSecret"/> keeps the stored
    /// one.
    /// </summary>
    Task SaveAsync(Guid businessId, SsoSettings settings, string? clientSecret, CancellationToken cancellationToken);

    /// <summary>
    /// The one business with single sign-on that has accounts at this email domain (<c>example.com</c>); null when none
    /// or several do.
    /// </summary>
    Task<Guid?> FindBusinessByAccountDomainAsync(string domain, CancellationToken cancellationToken);

    /// <summary>The businesses whose single sign-on is this issuer with this client id (an audience of a logout token).</summary>
    Task<IReadOnlyList<Guid>> FindBusinessesAsync(string issuer, IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken);

    /// <summary>Turns the business's single sign-on off; false when it was not on.</summary>
    Task<bool> DeleteAsync(Guid businessId, CancellationToken cancellationToken);
}

internal static class SsoErrors
{
    public static NotFoundException NoBusiness() => new("business_not_found", "There is no such business.");

    public static NotFoundException NotConfigured() => new("sso_not_configured", "The business has no single sign-on.");
}
