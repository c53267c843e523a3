using System.Security.Claims;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Identity;

namespace Recordings.Web.Infrastructure;

/// <summary>The agent of the request's session cookie.</summary>
public sealed class CurrentAgent(IHttpContextAccessor accessor) : ICurrentAgent
{
    public const string BusinessIdClaim = "business_id";

    public Guid AgentId => Read(ClaimTypes.NameIdentifier);

    public Guid BusinessId => Read(BusinessIdClaim);

    public string? SessionId => accessor.HttpContext?.User.FindFirstValue(PostgresTicketStore.SessionIdClaim);

    private Guid Read(string claim) =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(claim), out var id)
            ? id
            : throw new UnauthorizedException("unauthenticated", "Log in first.");
}
