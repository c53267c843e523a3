using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Sso.Commands;

/// <summary>
/// Why a sign-in through the identity provider was refused: the <c>code</c> of <c>/login?error=code</c> (the login page
/// shows its message). An answer of the contract, not a fault: logged at Information.
/// </summary>
public sealed class SsoRefusedException(string code, string reason) : ExpectedOutcomeException(code, reason);

public static class SsoErrorCodes
{
    /// <summary>The provider's answer did not check out (state, nonce, issuer, audience, signature, expiry, a replayed code).</summary>
    public const string InvalidResponse = "sso_failed";

    /// <summary>The provider could not be reached (discovery, keys or the token endpoint).</summary>
    public const string Unavailable = "sso_unavailable";

    /// <summary>No business with single sign-on was found for the email or business asked for.</summary>
    public const string NotConfigured = "sso_not_configured";

    /// <summary>The provider's email is not an account of that business, and the business does not create accounts.</summary>
    public const string UnknownAccount = "sso_unknown_account";

    /// <summary>The ID token carries no usable email (the configured claim is missing, or the email is not verified).</summary>
    public const string NoEmail = "sso_no_email";

    public const string Disabled = "account_disabled";

    /// <summary>The user refused or cancelled at the provider (<c>error=access_denied</c> and the like).</summary>
    public const string Cancelled = "sso_cancelled";
}

/// <summary>
/// Signs in, through the business's identity provider, the account the provider vouched for: found by email within the
/// business, or created (<c>provision: create</c>); role and teams from the configured claims, updated at each login.
/// Answers the account with the security stamp its session is bound to; refusals are <see cref="SsoRefusedException"/>.
/// </summary>
public sealed record SignInWithSsoCommand(Guid BusinessId, string Email, string? DisplayName, IReadOnlyList<string> RoleClaimValues,
    IReadOnlyList<string>? Teams) : ICommand<AgentDto>;

public sealed class SignInWithSsoCommandHandler(
    IBusinessSsoStore store, IAgentAccounts accounts, IBusinessAccounts businessAccounts, ITeamRepository teams, IBusinessRepository businesses,
    IOrganisationChanges organisation, IUnitOfWork unitOfWork) : ICommandHandler<SignInWithSsoCommand, AgentDto>
{
    public async ValueTask<AgentDto> Handle(SignInWithSsoCommand command, CancellationToken cancellationToken)
    {
        var (settings, _) = await store.FindAsync(command.BusinessId, cancellationToken)
            ?? throw new SsoRefusedException(SsoErrorCodes.NotConfigured, "The business's single sign-on was turned off.");
        var email = command.Email.Trim();
        return await unitOfWork.InTransactionAsync(async ct =>
        {
            // Under the business's lock, as every change of its org chart.
            await businesses.LockAsync(command.BusinessId, ct);
            var found = await accounts.FindForSignInAsync(email, ct);
            if (found is { } existing && existing.Agent.BusinessId != command.BusinessId)
            {
                throw new SsoRefusedException(SsoErrorCodes.UnknownAccount, "The email is an account of another business.");
            }

            var role = RoleOf(settings, command.RoleClaimValues);
            var changed = false;
            Guid accountId;
            if (found is null)
            {
                if (settings.Provision != SsoProvision.Create)
                {
                    throw new SsoRefusedException(SsoErrorCodes.UnknownAccount, "The email is not an account of the business, which does not create accounts.");
                }
                var displayName = string.IsNullOrWhiteSpace(command.DisplayName) ? email : command.DisplayName.Trim();
                accountId = await accounts.CreateWithoutPasswordAsync(command.BusinessId, email, displayName[..Math.Min(displayName.Length, 100)],
                    role ?? AccountRole.Agent, ct);
                changed = true;
            }
            else
            {
                if (found.Value.Disabled)
                {
                    throw new SsoRefusedException(SsoErrorCodes.Disabled, "The account is disabled.");
                }
                accountId = found.Value.Agent.Id;
                var managed = await businessAccounts.FindAsync(command.BusinessId, accountId, ct)
                    ?? throw new InvalidOperationException("The account found by email is not of its business.");
                if (role is { } newRole && newRole != managed.Role)
                {
                    await businessAccounts.SetProfileAsync(command.BusinessId, accountId, managed.DisplayName, newRole, ct);
                    changed = true;
                }
            }

            if (settings.TeamsClaim is not null && command.Teams is { } teamNames)
            {
                var wanted = new HashSet<string>(teamNames.Select(t => t.Trim()), StringComparer.OrdinalIgnoreCase);
                var teamIds = (await teams.ListAsync(command.BusinessId, ct)).Where(t => wanted.Contains(t.Name)).Select(t => t.Id).ToHashSet();
                var current = (await businessAccounts.FindAsync(command.BusinessId, accountId, ct))!.TeamIds;
                if (!teamIds.SetEquals(current))
                {
                    await businessAccounts.SetTeamsAsync(command.BusinessId, accountId, teamIds, ct);
                    changed = true;
                }
            }

            if (changed)
            {
                await organisation.AnnounceAsync(command.BusinessId, ct);
            }

            return (await accounts.FindForSignInAsync(email, ct))!.Value.Agent;
        }, cancellationToken);
    }

    /// <summary>
    /// The role the claim's values give (the highest of those that match); null when no role claim is configured, or
    /// none of its values is configured for any role (an existing account keeps its role; a new one is an agent).
    /// </summary>
    public static AccountRole? RoleOf(SsoSettings settings, IReadOnlyList<string> values)
    {
        if (settings.RoleClaim is null)
        {
            return null;
        }
        foreach (var (name, role) in new[] { ("admin", AccountRole.Admin), ("supervisor", AccountRole.Supervisor), ("agent", AccountRole.Agent) })
        {
            if (settings.RoleValues.TryGetValue(name, out var value) && values.Contains(value, StringComparer.Ordinal))
            {
                return role;
            }
        }
        return null;
    }
}
