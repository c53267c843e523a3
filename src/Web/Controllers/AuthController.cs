using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Recordings.Application.Auth.Commands.ChangePassword;
using Recordings.Application.Auth.Commands.LogIn;
using Recordings.Application.Auth.Queries.GetCurrentAgent;
using Recordings.Application.Common.Models;
using Recordings.Infrastructure.Identity;
using Recordings.Web.Infrastructure;

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

    /// <summary>Ends the session (answers 204 with or without one).</summary>
    [HttpPost("logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> LogOut()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return NoContent();
    }

    /// <summary>The agent of the current session.</summary>
    [Authorize]
    [HttpGet("me")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<AgentResponse>> Me(CancellationToken cancellationToken) =>
        AgentResponse.From(await sender.Send(new GetCurrentAgentQuery(), cancellationToken));

    private Task SignInAsync(AgentDto agent)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()),
            new Claim(ClaimTypes.Name, agent.Email),
            new Claim(CurrentAgent.BusinessIdClaim, agent.BusinessId.ToString()),
            // The session is stored only while the account keeps this stamp (a disable or reset in between changes it).
            new Claim(PostgresTicketStore.SecurityStampClaim, agent.SecurityStamp
                ?? throw new InvalidOperationException("A login's agent carries the security stamp its credentials were checked against.")),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }
}
