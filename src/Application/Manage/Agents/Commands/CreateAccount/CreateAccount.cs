using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Agents.Commands.CreateAccount;

/// <summary>
/// The business's admin adds an account: with a role (<c>agent</c> when absent), its teams and its identities on calls.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record CreateAccountCommand(
    string? Email, string? DisplayName, string? Role, IReadOnlyList<Guid>? TeamIds, IReadOnlyList<string>? Identities, string? Password)
    : ICommand<AccountDto>;

public sealed class CreateAccountCommandHandler(
    BusinessAdministration administration, IAgentAccounts agentAccounts, IBusinessAccounts accounts, ITeamRepository teams)
    : ICommandHandler<CreateAccountCommand, AccountDto>
{
    public async ValueTask<AccountDto> Handle(CreateAccountCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var businessId = viewer.BusinessId;
            var role = command.Role is null ? AccountRole.Agent : Parse(command.Role);
            var teamIds = (command.TeamIds ?? []).Distinct().ToList();
            var businessTeams = await teams.ListAsync(businessId, ct);
            AccountRules.EnsureTeamsOfBusiness(teamIds, businessTeams);
            var identities = ManageRules.Normalise(command.Identities ?? []);
            await AccountRules.EnsureIdentitiesFreeAsync(accounts, businessId, null, identities, ct);

            var created = await agentAccounts.CreateAsync(businessId, command.Email!.Trim(), command.Password!, command.DisplayName!.Trim(), role, ct);
            await accounts.SetTeamsAsync(businessId, created.Id, teamIds, ct);
            await accounts.SetIdentitiesAsync(businessId, created.Id, identities, ct);
            var account = await accounts.FindAsync(businessId, created.Id, ct)
                ?? throw new InvalidOperationException("The new account was not stored.");

            var detail = new ChangeDetail()
                .Note($"email: {account.Email}")
                .Note($"displayName: {ChangeDetail.Quoted(account.DisplayName)}")
                .Note($"role: {OrganisationNames.Of(account.Role)}")
                .Note($"teams: {AccountRules.TeamNames(account.TeamIds, businessTeams)}")
                .Note($"identities: {ChangeDetail.List(account.Identities)}");
            return new ChangeOutcome<AccountDto>(AccountDto.Of(account),
                new AuditedChange(AuditAction.AgentCreated, AccountRules.Target(account.Id), detail.ToString()));
        }, changesOrgChart: true, cancellationToken);

    private static AccountRole Parse(string role) => OrganisationNames.TryParseRole(role, out var parsed) ? parsed : AccountRole.Agent;
}

public sealed class CreateAccountCommandValidator : AbstractValidator<CreateAccountCommand>
{
    public CreateAccountCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(c => c.Password).NewPassword();
        RuleFor(c => c.DisplayName).NotEmpty().DisplayName();
        RuleFor(c => c.Role).Role();
        RuleFor(c => c.TeamIds).Ids(ManageRules.MaxTeamsPerAccount);
        RuleFor(c => c.Identities).Identities();
    }
}
