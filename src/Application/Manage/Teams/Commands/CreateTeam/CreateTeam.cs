using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Teams.Commands.CreateTeam;

/// <summary>The business's admin adds a team: its name, the business's numbers it answers, its supervisors (members join on their accounts).</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record CreateTeamCommand(string? Name, IReadOnlyList<string>? PhoneNumbers, IReadOnlyList<Guid>? SupervisorIds) : ICommand<TeamDto>;

public sealed class CreateTeamCommandHandler(
    BusinessAdministration administration, ITeamRepository teams, IBusinessRepository businesses, IBusinessAccounts accounts, IUnitOfWork unitOfWork,
    TimeProvider time)
    : ICommandHandler<CreateTeamCommand, TeamDto>
{
    public async ValueTask<TeamDto> Handle(CreateTeamCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var businessId = viewer.BusinessId;
            var name = command.Name!.Trim();
            var numbers = (command.PhoneNumbers ?? []).Distinct(StringComparer.Ordinal).ToList();
            var supervisors = (command.SupervisorIds ?? []).Distinct().ToList();
            var businessTeams = await teams.ListAsync(businessId, ct);
            var owned = await TeamRules.EnsureNumbersAsync(businesses, businessId, null, numbers, businessTeams, ct);
            var names = await TeamRules.EnsureSupervisorsAsync(accounts, businessId, supervisors, ct);
            TeamRules.EnsureNameFree(name, null, businessTeams);

            var team = Team.Create(businessId, name, time.GetUtcNow());
            team.SetPhoneNumbers(numbers, owned);
            team.SetSupervisors(supervisors);
            teams.Add(team);
            await unitOfWork.SaveChangesAsync(ct);

            var created = (await teams.ListAsync(businessId, ct)).Single(t => t.Id == team.Id);
            var detail = new ChangeDetail().Note($"created {ChangeDetail.Quoted(created.Name)}")
                .Note($"phoneNumbers: {TeamRules.Numbers(created.PhoneNumbers)}")
                .Note($"supervisors: {TeamRules.Names(created.SupervisorIds, names)}");
            return new ChangeOutcome<TeamDto>(created, new AuditedChange(AuditAction.TeamChanged, TeamRules.Target(team.Id), detail.ToString()));
        }, changesOrgChart: true, cancellationToken);
}

public sealed class CreateTeamCommandValidator : AbstractValidator<CreateTeamCommand>
{
    public CreateTeamCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("'name' must not be blank.")
            .MaximumLength(Team.MaxNameLength);
        RuleFor(c => c.PhoneNumbers).PhoneNumbers();
        RuleFor(c => c.SupervisorIds).Ids(ManageRules.MaxSupervisors);
    }
}
