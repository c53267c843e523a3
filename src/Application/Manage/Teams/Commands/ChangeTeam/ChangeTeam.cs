using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Teams.Commands.ChangeTeam;

/// <summary>The business's admin changes a team: each field given replaces what it had (absent or null: unchanged).</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record ChangeTeamCommand(Guid TeamId, string? Name = null, IReadOnlyList<string>? PhoneNumbers = null, IReadOnlyList<Guid>? SupervisorIds = null)
    : ICommand<TeamDto>;

public sealed class ChangeTeamCommandHandler(
    BusinessAdministration administration, ITeamRepository teams, IBusinessRepository businesses, IBusinessAccounts accounts, IUnitOfWork unitOfWork)
    : ICommandHandler<ChangeTeamCommand, TeamDto>
{
    public async ValueTask<TeamDto> Handle(ChangeTeamCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var businessId = viewer.BusinessId;
            var businessTeams = await teams.ListAsync(businessId, ct);
            var team = await teams.FindAsync(businessId, command.TeamId, ct) ?? throw ManageErrors.TeamNotFound();
            var before = businessTeams.Single(t => t.Id == team.Id);
            var numbers = command.PhoneNumbers?.Distinct(StringComparer.Ordinal).ToList();
            var owned = numbers is null ? [] : await TeamRules.EnsureNumbersAsync(businesses, businessId, team.Id, numbers, businessTeams, ct);

            var supervisors = command.SupervisorIds?.Distinct().ToList();
            var names = await TeamRules.EnsureSupervisorsAsync(accounts, businessId, supervisors ?? [], ct);
            var name = command.Name?.Trim();
            if (name is not null)
            {
                TeamRules.EnsureNameFree(name, team.Id, businessTeams);
                team.Rename(name);
            }

            if (numbers is not null)
            {
                team.SetPhoneNumbers(numbers, owned);
            }

            if (supervisors is not null)
            {
                team.SetSupervisors(supervisors);
            }

            await unitOfWork.SaveChangesAsync(ct);
            var after = (await teams.ListAsync(businessId, ct)).Single(t => t.Id == team.Id);
            var detail = new ChangeDetail().Changed("name", ChangeDetail.Quoted(before.Name), ChangeDetail.Quoted(after.Name))
                .Changed("phoneNumbers", TeamRules.Numbers(before.PhoneNumbers), TeamRules.Numbers(after.PhoneNumbers))
                .Changed("supervisors", TeamRules.Names(before.SupervisorIds, names), TeamRules.Names(after.SupervisorIds, names));
            return new ChangeOutcome<TeamDto>(after, detail.IsEmpty
                ? null
                : new AuditedChange(AuditAction.TeamChanged, TeamRules.Target(team.Id), $"changed {ChangeDetail.Quoted(after.Name)}; {detail}"));
        }, changesOrgChart: true, cancellationToken);
}

public sealed class ChangeTeamCommandValidator : AbstractValidator<ChangeTeamCommand>
{
    public ChangeTeamCommandValidator()
    {
        RuleFor(c => c.Name).Must(n => n is null || n.Trim().Length > 0).WithMessage("'name' must not be blank.")
            .MaximumLength(Team.MaxNameLength);
        RuleFor(c => c.PhoneNumbers).PhoneNumbers();
        RuleFor(c => c.SupervisorIds).Ids(ManageRules.MaxSupervisors);
    }
}
