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
        if (agent is null)
        {
            hasher.VerifyHashedPassword(new AgentUser(), DummyHash.Value, password);
            return null;
        }

        if (await users.IsLockedOutAsync(agent))
        {
            hasher.VerifyHashedPassword(agent, DummyHash.Value, password);
            return null;
        }

        if (!await users.CheckPasswordAsync(agent, password))
        {
            await users.AccessFailedAsync(agent);
            return null;
        }

        if (await users.GetAccessFailedCountAsync(agent) > 0)
        {
            await users.ResetAccessFailedCountAsync(agent);
        }

        return await FindAsync(agent.Id, cancellationToken);
    }

    public Task<AgentDto?> FindAsync(Guid agentId, CancellationToken cancellationToken) =>
        (from agent in db.Users.AsNoTracking()
         join business in db.Businesses on agent.BusinessId equals business.Id
         where agent.Id == agentId
         select new AgentDto(agent.Id, agent.Email!, agent.DisplayName, business.Id, business.Name))
        .SingleOrDefaultAsync(cancellationToken);

    private static ConflictException EmailTaken() => new("email_taken", "An agent with this email already exists.");
}
