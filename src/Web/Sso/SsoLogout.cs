using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Sso;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Sso;

/// <summary>
/// Logout with the provider: where RP-initiated logout sends the browser, and OpenID Connect Back-Channel Logout 1.0
/// (a logout token the provider signed, checked against the issuer's keys, ends every session of that user).
/// </summary>
public sealed partial class SsoLogout(SsoOptionsCache cache, IBusinessSsoStore store, IAgentSessions sessions, ILogger<SsoLogout> logger)
{
    public const string BackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>
    /// For a session started by single sign-on whose provider has an <c>end_session_endpoint</c>: the URL that ends the
    /// session at the provider and comes back to <c>/login</c>; null otherwise (or when the provider cannot be reached).
    /// </summary>
    public async Task<string?> ProviderLogoutUrlAsync(ClaimsPrincipal user, HttpRequest request, CancellationToken cancellationToken)
    {
        var issuer = user.FindFirstValue(SessionPrincipal.SsoIssuerClaim);
        if (issuer is null || !Guid.TryParse(user.FindFirstValue(CurrentAgent.BusinessIdClaim), out var businessId)
            || await store.FindAsync(businessId, cancellationToken) is not { } found || found.Settings.Issuer != issuer)
        {
            return null;
        }
        try
        {
            var configuration = await cache.ConfigurationOf(issuer).GetConfigurationAsync(cancellationToken);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
            {
                return null;
            }
            var back = $"{request.Scheme}://{request.Host}{request.PathBase}/login";
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(configuration.EndSessionEndpoint,
                new Dictionary<string, string?> { ["client_id"] = found.Settings.ClientId, ["post_logout_redirect_uri"] = back });
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            var reason = e.GetType().Name;
            LogNoEndSession(logger, businessId, reason);
            return null;
        }
    }

    /// <summary>
    /// Checks a logout token (issuer of a business, audience its client id, signature with the issuer's keys, times,
    /// the back-channel logout event, no nonce, a sid or sub) and ends every session of that user in that business on
    /// every node. Answers false (400) for a token that does not check out.
    /// </summary>
    public async Task<bool> BackchannelAsync(string? logoutToken, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        if (string.IsNullOrEmpty(logoutToken) || logoutToken.Length > 16_384 || !handler.CanReadToken(logoutToken))
        {
            return Refused(null, "not a JWT");
        }
        if (ReadUnverified(handler, logoutToken) is not var (issuer, audiences))
        {
            return Refused(null, "not a readable JWT");
        }
        var businesses = await store.FindBusinessesAsync(issuer, audiences, cancellationToken);
        if (businesses.Count == 0)
        {
            return Refused(null, "no business has this issuer and client");
        }
        foreach (var businessId in businesses)
        {
            var (settings, _) = (await store.FindAsync(businessId, cancellationToken))!.Value;
            var manager = cache.ConfigurationOf(settings.Issuer);
            var result = await handler.ValidateTokenAsync(logoutToken, new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.ClientId,
                ConfigurationManager = manager,
                RequireSignedTokens = true,
                RequireExpirationTime = false,
                ValidateLifetime = true,
                TryAllIssuerSigningKeys = false,
                ValidTypes = ["logout+jwt", "JWT"],
            });
            if (!result.IsValid)
            {
                return Refused(businessId, result.Exception?.GetType().Name ?? "invalid");
            }
            var token = (JsonWebToken)result.SecurityToken;
            if (token.Alg is "none" || string.IsNullOrEmpty(token.EncodedSignature))
            {
                return Refused(businessId, "unsigned");
            }
            if (!token.TryGetPayloadValue<Dictionary<string, object>>("events", out var events) || !events.ContainsKey(BackchannelLogoutEvent))
            {
                return Refused(businessId, "no back-channel logout event");
            }
            if (token.TryGetPayloadValue<string>("nonce", out _) || !token.TryGetPayloadValue<long>("iat", out _))
            {
                return Refused(businessId, "a nonce, or no iat");
            }
            token.TryGetPayloadValue<string>("sub", out var sub);
            token.TryGetPayloadValue<string>("sid", out var sid);
            if (string.IsNullOrEmpty(sub) && string.IsNullOrEmpty(sid))
            {
                return Refused(businessId, "neither sub nor sid");
            }
            var accounts = await sessions.FindSsoAccountsAsync(businessId, settings.Issuer, sub, sid, cancellationToken);
            foreach (var account in accounts)
            {
                await sessions.EndAllAsync(account, exceptSessionId: null, cancellationToken);
            }
            LogBackchannel(logger, businessId, accounts.Count);
        }
        return true;
    }

    /// <summary>
    /// The issuer and audiences a token names, read before anything is checked (they say whose keys check it), or null
    /// for a token whose parts are not the JSON a JWT has (IdentityModel reads them lazily and throws).
    /// </summary>
    private static (string Issuer, List<string> Audiences)? ReadUnverified(JsonWebTokenHandler handler, string logoutToken)
    {
        try
        {
            var unverified = handler.ReadJsonWebToken(logoutToken);
            return (unverified.Issuer, unverified.Audiences.ToList());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private bool Refused(Guid? businessId, string reason)
    {
        LogBackchannelRefused(logger, businessId, reason);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-channel logout of business {BusinessId} ended the sessions of {Accounts} account(s)")]
    private static partial void LogBackchannel(ILogger logger, Guid businessId, int accounts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-channel logout refused (business {BusinessId}): {Reason}")]
    private static partial void LogBackchannelRefused(ILogger logger, Guid? businessId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The provider of business {BusinessId} gave no end-session endpoint ({Reason})")]
    private static partial void LogNoEndSession(ILogger logger, Guid businessId, string reason);
}
