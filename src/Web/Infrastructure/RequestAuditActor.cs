using System.Security.Claims;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Who the current request's account is and where it calls from, for the audit trail: the session's email, the
/// client's address (<c>ForwardedHeaders</c> rewrites it for a trusted proxy) and User-Agent, as <see cref="AuditRecorder"/> records them.
/// </summary>
public sealed class RequestAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("Auditing needs the request.");

    public string Email => Context.User.FindFirstValue(ClaimTypes.Name) ?? throw new UnauthorizedException("unauthenticated", "Log in first.");

    public string? Ip => Context.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => Context.Request.Headers.UserAgent.ToString();
}
