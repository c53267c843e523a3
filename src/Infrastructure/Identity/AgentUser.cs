using Microsoft.AspNetCore.Identity;

namespace Recordings.Infrastructure.Identity;

/// <summary>An agent's login: an ASP.NET Core Identity user that belongs to one business.</summary>
public sealed class AgentUser : IdentityUser<Guid>
{
    public Guid BusinessId { get; set; }

    public string DisplayName { get; set; } = string.Empty;
}
