using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Recordings.Application.Auth.Commands.ChangePassword;
using Recordings.Application.Auth.Commands.LogIn;
using Recordings.Application.Auth.Queries.GetCurrentAgent;
using Recordings.Application.Common.Models;
using Recordings.Infrastructure.Identity;
using Recordings.Web.Infrastructure;
using Recordings.Web.Sso;

namespace Recordings.Web.Controllers;

[ApiController]
[Route("api/auth")]
public sealed class AuthController(ISender sender) : ControllerBase
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    /// <summary>The signed-in account: who, of which business, and its role (<c>agent</c>, <c>supervisor</c>, <c>admin</c>).</summary>
    public sealed record AgentResponse(Guid Id, string Email, string DisplayName, Guid BusinessId, string BusinessName, string Role)
    {
        public static AgentResponse From(AgentDto agent) => new(agent.Id, agent.Email, agent.DisplayName, agent.BusinessId, agent.BusinessName, agent.Role);
    }

    /// <summary>Logs an agent in and sets the session cookie.</summary>
    [HttpPost("login")]
    [EnableRateLimiting(LoginRateLimit.PolicyName)]
    [PasswordCheck]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<AgentResponse>> LogIn(LoginRequest request, CancellationToken cancellationToken)
    {
        var agent = await sender.Send(new LogInCommand(request.Email, request.Password), cancellationToken);
        await SignInAsync(agent);
        return AgentResponse.From(agent);
    }

    /// <summary>Changes the agent's own password. Every other session of the agent ends; this one goes on.</summary>
    [Authorize]
    [HttpPost("password")]
    [EnableRateLimiting(LoginRateLimit.PolicyName)]
    [PasswordCheck]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> ChangePassword(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new ChangePasswordCommand(request.CurrentPassword, request.NewPassword), cancellationToken);
        return NoContent();
    }

    /// <summary>Where the browser goes to end its session at the identity provider too (RP-initiated logout).</summary>
    public sealed record LogoutResponse(string ProviderLogoutUrl);

    /// <summary>
    /// Ends the session (204 with or without one). A session started by single sign-on whose provider has an
    /// end-session endpoint answers 200 with <c>providerLogoutUrl</c>, where the client sends the browser next.
    /// </summary>
    [HttpPost("logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<LogoutResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> LogOut([FromServices] SsoLogout ssoLogout, CancellationToken cancellationToken)
    {
        var providerLogout = User.Identity?.IsAuthenticated == true
            ? await ssoLogout.ProviderLogoutUrlAsync(User, Request, cancellationToken)
            : null;
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return providerLogout is null ? NoContent() : Ok(new LogoutResponse(providerLogout));
    }

    /// <summary>
    /// OpenID Connect Back-Channel Logout 1.0: the provider posts a signed logout token (<c>logout_token</c>); every
    /// session of that user ends on every node. 200 when done, 400 for a token that does not check out.
    /// </summary>
    [HttpPost("sso/backchannel-logout")]
    [Consumes("application/x-www-form-urlencoded")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> BackchannelLogout(
        [FromForm(Name = "logout_token")] string? logoutToken, [FromServices] SsoLogout ssoLogout, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        return await ssoLogout.BackchannelAsync(logoutToken, cancellationToken)
            ? Ok()
            : BadRequest(new { error = "invalid_request", error_description = "The logout token does not check out." });
    }

    /// <summary>The agent of the current session.</summary>
    [Authorize]
    [HttpGet("me")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<AgentResponse>> Me(CancellationToken cancellationToken) =>
        AgentResponse.From(await sender.Send(new GetCurrentAgentQuery(), cancellationToken));

    private Task SignInAsync(AgentDto agent) =>
        HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionPrincipal.For(agent),
            new AuthenticationProperties { IsPersistent = true });

    /// <summary>
    /// Starts a sign-in through the identity provider of the business of <c>email</c> (or of <c>business</c>): 302 to the
    /// provider (authorization code with PKCE, state, nonce); without one, 302 to <c>/login?error=sso_not_configured</c>.
    /// </summary>
    [HttpGet("sso")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    public async Task<IActionResult> Sso([FromQuery] string? email, [FromQuery] string? business)
    {
        if (HttpContext.Items[SsoOptionsCache.BusinessItem] is not Guid businessId)
        {
            return Redirect(SsoEvents.LoginPath + "?error=" + Recordings.Application.Sso.Commands.SsoErrorCodes.NotConfigured);
        }
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = SsoEvents.AfterLogin };
        properties.Items[SsoOptionsCache.BusinessItem] = businessId.ToString();
        if (!string.IsNullOrWhiteSpace(email) && email.Length <= 256)
        {
            properties.Items[SsoEvents.LoginHintItem] = email.Trim();
        }
        try
        {
            await HttpContext.ChallengeAsync(SsoOptionsCache.Scheme, properties);
            return new EmptyResult();
        }
        catch (Exception e) when (SsoEvents.CodeOf(e) == Recordings.Application.Sso.Commands.SsoErrorCodes.Unavailable)
        {
            // The provider's discovery document (or its pushed authorization endpoint) could not be had: a clear message.
            HttpContext.RequestServices.GetRequiredService<SsoEvents>().Unavailable(businessId, e);
            return Redirect(SsoEvents.LoginPath + "?error=" + Recordings.Application.Sso.Commands.SsoErrorCodes.Unavailable);
        }
    }
}
