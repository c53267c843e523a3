using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Identity;

internal sealed class AgentAccounts(UserManager<AgentUser> users, IPasswordHasher<AgentUser> hasher, RecordingsDbContext db)
    : IAgentAccounts
{
    // Verified against when the email is unknown, so that a wrong email costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AgentUser>().HashPassword(new AgentUser(), "not-a-password-" + Guid.NewGuid()));

    public async Task<AgentDto> CreateAsync(Guid businessId, string email, string password, string displayName, CancellationToken cancellationToken)
    {
        var agent = new AgentUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            BusinessId = businessId,
            DisplayName = displayName,
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
        return await users.CheckPasswordAsync(agent, password) ? await FindAsync(agent.Id, cancellationToken) : null;
    }

    public async Task<bool> SetPasswordAsync(Guid businessId, Guid agentId, string password, CancellationToken cancellationToken)
    {
        var agent = await FindUserAsync(businessId, agentId, cancellationToken);
        if (agent is null)
        {
            return false;
        }

        // Validated first, then written in one update: a refused password leaves the old one in place.
        await EnsureValidAsync(agent, password);
        agent.PasswordHash = users.PasswordHasher.HashPassword(agent, password);
        ThrowOnFailure(await users.UpdateSecurityStampAsync(agent));
        return true;
    }

    public async Task<bool> ChangePasswordAsync(Guid agentId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var agent = await users.FindByIdAsync(agentId.ToString());
        if (agent is null || !await users.CheckPasswordAsync(agent, currentPassword))
        {
            return false;
        }

        await EnsureValidAsync(agent, newPassword);
        ThrowOnFailure(await users.ChangePasswordAsync(agent, currentPassword, newPassword));
        return true;
    }

    public async Task<bool> SetDisabledAsync(Guid businessId, Guid agentId, bool disabled, CancellationToken cancellationToken)
    {
        var agent = await FindUserAsync(businessId, agentId, cancellationToken);
        if (agent is null)
        {
            return false;
        }

        // Identity's own way to disable an account: lockout enabled, with no end.
        ThrowOnFailure(await users.SetLockoutEnabledAsync(agent, true));
        ThrowOnFailure(await users.SetLockoutEndDateAsync(agent, disabled ? DateTimeOffset.MaxValue : null));
        return true;
    }

    public Task<AgentDto?> FindAsync(Guid agentId, CancellationToken cancellationToken) =>
        (from agent in db.Users.AsNoTracking()
         join business in db.Businesses on agent.BusinessId equals business.Id
         where agent.Id == agentId
         select new AgentDto(agent.Id, agent.Email!, agent.DisplayName, business.Id, business.Name))
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

    private static void ThrowOnFailure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused the change: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }

    private static ConflictException EmailTaken() => new("email_taken", "An agent with this email already exists.");
}
