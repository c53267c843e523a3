using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Recordings.Application.Common.Models;
using Recordings.Infrastructure.Identity;

namespace Recordings.Web.Infrastructure;

/// <summary>The principal of our session, the same for a password login and a single sign-on.</summary>
public static class SessionPrincipal
{
    /// <summary>The provider's issuer, subject and session id of a session started by single sign-on (for back-channel logout).</summary>
    public const string SsoIssuerClaim = PostgresTicketStore.SsoIssuerClaim;
    public const string SsoSubjectClaim = PostgresTicketStore.SsoSubjectClaim;
    public const string SsoSessionClaim = PostgresTicketStore.SsoSessionClaim;

    public static ClaimsPrincipal For(AgentDto agent, IEnumerable<Claim>? extra = null)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()),
            new Claim(ClaimTypes.Name, agent.Email),
            new Claim(CurrentAgent.BusinessIdClaim, agent.BusinessId.ToString()),
            // The session is stored only while the account keeps this stamp (a disable or reset in between changes it).
            new Claim(PostgresTicketStore.SecurityStampClaim, agent.SecurityStamp
                ?? throw new InvalidOperationException("A login's agent carries the security stamp its credentials were checked against.")),
            .. extra ?? [],
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    public static IEnumerable<Claim> SsoClaims(string issuer, string? subject, string? sessionId)
    {
        yield return new Claim(SsoIssuerClaim, issuer);
        if (!string.IsNullOrEmpty(subject))
        {
            yield return new Claim(SsoSubjectClaim, subject);
        }
        if (!string.IsNullOrEmpty(sessionId))
        {
            yield return new Claim(SsoSessionClaim, sessionId);
        }
    }
}
