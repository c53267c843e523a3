using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Recordings.Application.Sso;
using Recordings.Application.Sso.Commands;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Sso;

/// <summary>
/// What happens around the OpenID Connect handler: once it has checked the provider's answer (state, code, ID token's
/// issuer, audience, signature, expiry, nonce), the account is found or created and OUR session starts exactly as a
/// password login's (<see cref="SessionPrincipal"/>); the handler never signs a cookie of its own. Every failure ends at
/// <c>/login?error=code</c>, logged at Information, with no session.
/// </summary>
public sealed partial class SsoEvents(ILogger<SsoEvents> logger) : OpenIdConnectEvents
{
    public const string LoginPath = "/login";
    public const string AfterLogin = "/calls";
    public const string LoginHintItem = "sso.login_hint";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        if (context.Properties.Items.TryGetValue(LoginHintItem, out var hint) && !string.IsNullOrEmpty(hint))
        {
            context.ProtocolMessage.LoginHint = hint;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The ID token must be signed with an asymmetric algorithm: the handler lets an unsigned one (<c>alg: none</c>) from
    /// the token endpoint through (OpenID Connect allows relying on TLS there); we do not.
    /// </summary>
    public override Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.SecurityToken;
        var alg = token?.Header.Alg;
        if (token is null || string.IsNullOrEmpty(token.RawSignature) || alg is null || !SignedAlgorithms.Contains(alg))
        {
            context.Fail(new Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAlgorithmException(
                $"The ID token is not signed with an algorithm we accept ({alg ?? "none"})."));
        }
        return Task.CompletedTask;
    }

    private static readonly HashSet<string> SignedAlgorithms = new(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var businessId = http.Items[SsoOptionsCache.BusinessItem] as Guid?;
        var principal = context.Principal;
        try
        {
            if (businessId is not { } business || principal is null)
            {
                throw new SsoRefusedException(SsoErrorCodes.InvalidResponse, "The answer names no business of ours.");
            }
            var store = http.RequestServices.GetRequiredService<IBusinessSsoStore>();
            var (settings, _) = await store.FindAsync(business, http.RequestAborted)
                ?? throw new SsoRefusedException(SsoErrorCodes.NotConfigured, "The business's single sign-on was turned off meanwhile.");
            // The handler checked the token's issuer against the business's and the discovery document's; both must be the business's.
            if (!string.Equals(principal.FindFirst("sub")?.Issuer, settings.Issuer, StringComparison.Ordinal))
            {
                throw new SsoRefusedException(SsoErrorCodes.InvalidResponse, "The ID token's issuer is not the business's.");
            }
            var email = principal.FindFirstValue(settings.EmailClaim);
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal)
                || string.Equals(principal.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase))
            {
                throw new SsoRefusedException(SsoErrorCodes.NoEmail, "The ID token carries no verified email in the configured claim.");
            }
            var roleValues = settings.RoleClaim is null ? [] : principal.FindAll(settings.RoleClaim).Select(c => c.Value).ToList();
            IReadOnlyList<string>? teams = settings.TeamsClaim is null ? null : principal.FindAll(settings.TeamsClaim).Select(c => c.Value).ToList();
            var agent = await http.RequestServices.GetRequiredService<ISender>().Send(
                new SignInWithSsoCommand(business, email, principal.FindFirstValue("name"), roleValues, teams), http.RequestAborted);

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                SessionPrincipal.For(agent, SessionPrincipal.SsoClaims(settings.Issuer, principal.FindFirstValue("sub"), principal.FindFirstValue("sid"))),
                new AuthenticationProperties { IsPersistent = true });
            LogSignedIn(logger, business, agent.Id);
            context.Response.Redirect(AfterLogin);
        }
        catch (SsoRefusedException e)
        {
            LogRefused(logger, businessId, e.Code, e.Message);
            context.Response.Redirect(LoginPath + "?error=" + e.Code);
        }
        context.HandleResponse();
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        LogRefused(logger, context.HttpContext.Items[SsoOptionsCache.BusinessItem] as Guid?, SsoErrorCodes.Cancelled, "The provider answered access_denied.");
        context.Response.Redirect(LoginPath + "?error=" + SsoErrorCodes.Cancelled);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        var code = CodeOf(context.Failure);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var reason = Describe(context.Failure);
            LogRefused(logger, context.HttpContext.Items[SsoOptionsCache.BusinessItem] as Guid?, code, reason);
        }
        context.Response.Redirect(LoginPath + "?error=" + code);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Logs (at Information) that the provider could not be reached when a sign-in started.</summary>
    public void Unavailable(Guid businessId, Exception failure)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var reason = Describe(failure);
            LogRefused(logger, businessId, SsoErrorCodes.Unavailable, reason);
        }
    }

    /// <summary>
    /// The provider could not be reached (discovery, keys, token endpoint): <c>sso_unavailable</c>; the user cancelled:
    /// <c>sso_cancelled</c>; anything else about the answer (state, nonce, code, token): <c>sso_failed</c>.
    /// </summary>
    public static string CodeOf(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or TaskCanceledException or System.IO.IOException
                || e.Message.Contains("IDX20803", StringComparison.Ordinal) || e.Message.Contains("IDX20804", StringComparison.Ordinal))
            {
                return SsoErrorCodes.Unavailable;
            }
            if (e is OpenIdConnectProtocolException && e.Message.Contains("access_denied", StringComparison.Ordinal))
            {
                return SsoErrorCodes.Cancelled;
            }
        }
        return SsoErrorCodes.InvalidResponse;
    }

    // The reason without tokens: the exception's type and the first line of IdentityModel's message (PII is hidden there).
    private static string Describe(Exception? failure)
    {
        if (failure is null)
        {
            return "unknown";
        }
        var inner = failure;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        var message = inner.Message.Split('\n')[0];
        return $"{inner.GetType().Name}: {(message.Length > 300 ? message[..300] : message)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-on of business {BusinessId} signed in account {AccountId}")]
    private static partial void LogSignedIn(ILogger logger, Guid businessId, Guid accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-on of business {BusinessId} refused ({Code}): {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid? businessId, string code, string reason);
}
