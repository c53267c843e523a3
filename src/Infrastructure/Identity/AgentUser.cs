using Microsoft.AspNetCore.Identity;
using Recordings.Domain.Organisation;

namespace Recordings.Infrastructure.Identity;

/// <summary>
/// An account of a business (an agent, a supervisor or the business's admin): an ASP.NET Core Identity user that
/// belongs to one business. Its teams (<see cref="TeamMember"/>) and identities (<see cref="AccountIdentityRow"/>) are
/// rows of their own.
/// </summary>
public sealed class AgentUser : IdentityUser<Guid>
{
    public Guid BusinessId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public AccountRole Role { get; set; } = AccountRole.Agent;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An account's membership of a team.</summary>
public sealed class TeamMember
{
    public Guid TeamId { get; set; }

    public Guid AccountId { get; set; }
}

/// <summary>
/// One of an account's identities on calls (<see cref="AccountIdentity"/>): unique within the business, so that a
/// party of a call names at most one of its accounts.
/// </summary>
public sealed class AccountIdentityRow
{
    public Guid BusinessId { get; set; }

    public string Identity { get; set; } = string.Empty;

    public Guid AccountId { get; set; }
}
