using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Agents.Commands.ChangeAccount;

/// <summary>
/// The business's admin changes an account: each field given replaces what it had (absent or null: unchanged). The
/// business always keeps an enabled admin: demoting or disabling its last one is a 409 <c>last_admin</c>. Disabling
/// ends the account's sessions on every node; every change takes effect on the account's next request.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record ChangeAccountCommand(
    Guid AccountId, string? DisplayName = null, string? Role = null, IReadOnlyList<Guid>? TeamIds = null, IReadOnlyList<string>? Identities = null,
    bool? Disabled = null)
    : ICommand<AccountDto>;

public sealed class ChangeAccountCommandHandler(
    BusinessAdministration administration, IAgentAccounts agentAccounts, IAgentSessions sessions, IBusinessAccounts accounts, ITeamRepository teams)
    : ICommandHandler<ChangeAccountCommand, AccountDto>
{
    public async ValueTask<AccountDto> Handle(ChangeAccountCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var businessId = viewer.BusinessId;
            var id = command.AccountId;
            var before = await accounts.FindAsync(businessId, id, ct) ?? throw ManageErrors.AccountNotFound();
            var displayName = command.DisplayName?.Trim() ?? before.DisplayName;
            var role = command.Role is { } name && OrganisationNames.TryParseRole(name, out var parsed) ? parsed : before.Role;
            var disabled = command.Disabled ?? before.Disabled;
            var businessTeams = await teams.ListAsync(businessId, ct);
            var teamIds = command.TeamIds?.Distinct().ToList();
            if (teamIds is not null)
            {
                AccountRules.EnsureTeamsOfBusiness(teamIds, businessTeams);
            }

            // Under the business's lock: a concurrent demotion of the other admin has committed, or waits for this one.
            if (before is { Role: AccountRole.Admin, Disabled: false } && (role != AccountRole.Admin || disabled)
                && await accounts.CountEnabledAdminsAsync(businessId, ct) <= 1)
            {
                throw ManageErrors.LastAdmin();
            }

            var identities = command.Identities is null ? null : ManageRules.Normalise(command.Identities);
            if (identities is not null)
            {
                await AccountRules.EnsureIdentitiesFreeAsync(accounts, businessId, id, identities, ct);
            }

            var detail = new ChangeDetail();
            if (displayName != before.DisplayName || role != before.Role)
            {
                await accounts.SetProfileAsync(businessId, id, displayName, role, ct);
                detail.Changed("displayName", ChangeDetail.Quoted(before.DisplayName), ChangeDetail.Quoted(displayName))
                    .Changed("role", OrganisationNames.Of(before.Role), OrganisationNames.Of(role));
            }

            if (teamIds is not null && !teamIds.ToHashSet().SetEquals(before.TeamIds))
            {
                await accounts.SetTeamsAsync(businessId, id, teamIds, ct);
                detail.Changed("teams", AccountRules.TeamNames(before.TeamIds, businessTeams), AccountRules.TeamNames(teamIds, businessTeams));
            }

            if (identities is not null && !identities.Select(i => i.Value).ToHashSet(StringComparer.Ordinal).SetEquals(before.Identities))
            {
                await accounts.SetIdentitiesAsync(businessId, id, identities, ct);
                detail.Changed("identities", ChangeDetail.List(before.Identities.Order(StringComparer.Ordinal)),
                    ChangeDetail.List(identities.Select(i => i.Value).Order(StringComparer.Ordinal)));
            }

            if (disabled != before.Disabled)
            {
                await agentAccounts.SetDisabledAsync(businessId, id, disabled, ct);
                if (disabled)
                {
                    // In the same transaction as the disable: never a disabled account with a live session.
                    await sessions.EndAllAsync(id, exceptSessionId: null, ct);
                }

                detail.Changed("disabled", Flag(before.Disabled), Flag(disabled));
            }

            var after = await accounts.FindAsync(businessId, id, ct) ?? throw ManageErrors.AccountNotFound();
            var action = disabled && !before.Disabled ? AuditAction.AgentDisabled : AuditAction.AgentChanged;
            return new ChangeOutcome<AccountDto>(AccountDto.Of(after),
                detail.IsEmpty ? null : new AuditedChange(action, AccountRules.Target(id), detail.ToString()));
        }, changesOrgChart: true, cancellationToken);

    private static string Flag(bool value) => value ? "true" : "false";
}

public sealed class ChangeAccountCommandValidator : AbstractValidator<ChangeAccountCommand>
{
    public ChangeAccountCommandValidator()
    {
        RuleFor(c => c.DisplayName).DisplayName();
        RuleFor(c => c.Role).Role();
        RuleFor(c => c.TeamIds).Ids(ManageRules.MaxTeamsPerAccount);
        RuleFor(c => c.Identities).Identities();
    }
}
