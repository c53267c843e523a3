using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Teams.Queries.ListTeams;

/// <summary>The viewer's business's teams, by name (its admin, and its supervisors, may read them).</summary>
[RequiresRole(AccountRole.Admin, AccountRole.Supervisor)]
public sealed record ListTeamsQuery : IQuery<ItemsDto<TeamDto>>;

public sealed class ListTeamsQueryHandler(ICurrentViewer currentViewer, ITeamRepository teams) : IQueryHandler<ListTeamsQuery, ItemsDto<TeamDto>>
{
    public async ValueTask<ItemsDto<TeamDto>> Handle(ListTeamsQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        return new ItemsDto<TeamDto>(await teams.ListAsync(viewer.BusinessId, cancellationToken));
    }
}
