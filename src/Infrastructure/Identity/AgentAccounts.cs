using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Identity;

internal sealed class AgentAccounts(UserManager<AgentUser> users, IPasswordHasher<AgentUser> hasher, RecordingsDbContext db)
    : IAgentAccounts
{
    // Verified against when the email is unknown, so that a wrong email costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AgentUser>().HashPassword(new AgentUser(), "not-a-password-" + Guid.NewGuid()));

    public async Task<AgentDto> CreateAsync(
        Guid businessId, string email, string password, string displayName, AccountRole role, CancellationToken cancellationToken)
    {
        var agent = new AgentUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            BusinessId = businessId,
            DisplayName = displayName,
            Role = role,
        };

        IdentityResult result;
        try
        {
            result = await users.CreateAsync(agent, password);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request created the same email between Identity's check and its insert.
            throw EmailTaken();
        }

        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
            {
                throw EmailTaken();
            }

            var field = result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "Password" : "Email";
            throw new RequestValidationException(RequestValidationException.DefaultCode,
                new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
        }

        return await FindAsync(agent.Id, cancellationToken) ?? throw new InvalidOperationException("The new agent was not stored.");
    }

    public async Task<AgentDto?> VerifyCredentialsAsync(string email, string password, CancellationToken cancellationToken)
    {
        var agent = await users.FindByEmailAsync(email);
        if (agent is null || await users.IsLockedOutAsync(agent))
        {
            // An unknown or disabled agent costs the same time as a wrong password.
            hasher.VerifyHashedPassword(new AgentUser(), DummyHash.Value, password);
            return null;
        }

        // Failures are throttled per client address (the login rate limit), not counted against the account: a
        // stranger who knows an agent's email must not be able to keep that agent locked out.
        if (!await users.CheckPasswordAsync(agent, password))
        {
            return null;
        }

        // The stamp these credentials were checked against: the session is stored only while the account still has it.
        return await FindAsync(agent.Id, cancellationToken) is { } found ? found with { SecurityStamp = agent.SecurityStamp } : null;
    }

    public async Task<(AgentDto Agent, bool Disabled)?> FindForSignInAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeEmail(email);
        var agent = await db.Users.AsNoTracking().SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        if (agent is null || await FindAsync(agent.Id, cancellationToken) is not { } found)
        {
            return null;
        }
        var disabled = agent.LockoutEnabled && agent.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;
        return (found with { SecurityStamp = agent.SecurityStamp }, disabled);
    }

    public async Task<Guid> CreateWithoutPasswordAsync(
        Guid businessId, string email, string displayName, AccountRole role, CancellationToken cancellationToken)
    {
        var agent = new AgentUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            BusinessId = businessId,
            DisplayName = displayName,
            Role = role,
        };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(agent);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            throw EmailTaken();
        }
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
            {
                throw EmailTaken();
            }
            throw new RequestValidationException(RequestValidationException.DefaultCode,
                new Dictionary<string, string[]> { ["Email"] = result.Errors.Select(e => e.Description).ToArray() });
        }
        return agent.Id;
    }

    public async Task<bool> SetPasswordAsync(Guid businessId, Guid agentId, string password, CancellationToken cancellationToken)
    {
        var agent = await FindUserAsync(businessId, agentId, cancellationToken);
        if (agent is null)
        {
            return false;
        }

        // Validated first, then written in one statement with a new security stamp: a refused password leaves the old
        // one in place, and resets racing each other (or a disable) each land whole; the last one wins, none fails.
        await EnsureValidAsync(agent, password);
        var hash = users.PasswordHasher.HashPassword(agent, password);
        return await db.Users.Where(a => a.Id == agentId && a.BusinessId == businessId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.PasswordHash, hash)
                .SetProperty(a => a.SecurityStamp, NewStamp())
                .SetProperty(a => a.ConcurrencyStamp, NewStamp()), cancellationToken) == 1;
    }

    public async Task<bool> ChangePasswordAsync(Guid agentId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        // Compare and set: the new hash is written only over the hash the current password was checked against, in one
        // statement with a new security stamp. A change that lost a race is checked again against what won (the
        // current password may no longer be right); never an optimistic-concurrency failure.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var agent = await db.Users.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken);
            if (agent is null || !await users.CheckPasswordAsync(agent, currentPassword))
            {
                return false;
            }

            await EnsureValidAsync(agent, newPassword);
            var checkedHash = agent.PasswordHash;
            var hash = users.PasswordHasher.HashPassword(agent, newPassword);
            var changed = await db.Users.Where(a => a.Id == agentId && a.PasswordHash == checkedHash)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.PasswordHash, hash)
                    .SetProperty(a => a.SecurityStamp, NewStamp())
                    .SetProperty(a => a.ConcurrencyStamp, NewStamp()), cancellationToken);
            if (changed == 1)
            {
                return true;
            }
        }

        throw new ConflictException("password_changing", "The password is being changed by another request; try again.");
    }

    public async Task<bool> SetDisabledAsync(Guid businessId, Guid agentId, bool disabled, CancellationToken cancellationToken)
    {
        // Identity's own way to disable an account (lockout enabled, with no end), written in one statement: a disable
        // is never half applied, and disables and enables racing each other each land whole (the last one wins). A
        // disable also changes the security stamp, so that no login whose credentials were checked before it can still
        // store a session (PostgresTicketStore).
        DateTimeOffset? end = disabled ? DateTimeOffset.MaxValue : null;
        var accounts = db.Users.Where(a => a.Id == agentId && a.BusinessId == businessId);
        var updated = disabled
            ? await accounts.ExecuteUpdateAsync(set => set
                .SetProperty(a => a.LockoutEnabled, true)
                .SetProperty(a => a.LockoutEnd, end)
                .SetProperty(a => a.SecurityStamp, NewStamp())
                .SetProperty(a => a.ConcurrencyStamp, NewStamp()), cancellationToken)
            : await accounts.ExecuteUpdateAsync(set => set
                .SetProperty(a => a.LockoutEnabled, true)
                .SetProperty(a => a.LockoutEnd, end)
                .SetProperty(a => a.ConcurrencyStamp, NewStamp()), cancellationToken);
        return updated == 1;
    }

    public Task<AgentDto?> FindAsync(Guid agentId, CancellationToken cancellationToken) =>
        (from agent in db.Users.AsNoTracking()
         join business in db.Businesses on agent.BusinessId equals business.Id
         where agent.Id == agentId
         select new AgentDto(agent.Id, agent.Email!, agent.DisplayName, business.Id, business.Name) { Role = OrganisationNames.Of(agent.Role) })
        .SingleOrDefaultAsync(cancellationToken);

    private Task<AgentUser?> FindUserAsync(Guid businessId, Guid agentId, CancellationToken cancellationToken) =>
        users.Users.SingleOrDefaultAsync(a => a.Id == agentId && a.BusinessId == businessId, cancellationToken);

    private async Task EnsureValidAsync(AgentUser agent, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, agent, password);
            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(RequestValidationException.DefaultCode,
                new Dictionary<string, string[]> { ["Password"] = errors.Select(e => e.Description).ToArray() });
        }
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N").ToUpperInvariant();

    private static ConflictException EmailTaken() => new("email_taken", "An agent with this email already exists.");
}
