using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Teams.Commands.DeleteTeam;

/// <summary>
/// The business's admin deletes a team: its memberships, supervisors and numbers go with it (the accounts stay, and so
/// do the calls: who sees them follows from what is left).
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record DeleteTeamCommand(Guid TeamId) : ICommand;

public sealed class DeleteTeamCommandHandler(BusinessAdministration administration, ITeamRepository teams, IUnitOfWork unitOfWork)
    : ICommandHandler<DeleteTeamCommand>
{
    public async ValueTask<Unit> Handle(DeleteTeamCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var team = await teams.FindAsync(viewer.BusinessId, command.TeamId, ct) ?? throw ManageErrors.TeamNotFound();
            var numbers = TeamRules.Numbers(team.PhoneNumbers.Select(p => p.Number));
            teams.Remove(team);
            await unitOfWork.SaveChangesAsync(ct);
            return new ChangeOutcome<Unit>(Unit.Value, new AuditedChange(AuditAction.TeamChanged, TeamRules.Target(team.Id),
                $"deleted {ChangeDetail.Quoted(team.Name)}; phoneNumbers: {numbers}"));
        }, changesOrgChart: true, cancellationToken);
}
