using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Organisation;

/// <summary>A business's teams (<c>teams</c>, with their numbers and supervisors; their members from <c>team_members</c>).</summary>
internal sealed class TeamRepository(RecordingsDbContext db) : ITeamRepository
{
    public async Task<IReadOnlyList<TeamDto>> ListAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Where(t => t.BusinessId == businessId).ToListAsync(cancellationToken);
        var members = await (from member in db.TeamMembers.AsNoTracking()
                             join team in db.Teams on member.TeamId equals team.Id
                             where team.BusinessId == businessId
                             select member).ToListAsync(cancellationToken);
        var membersOf = members.ToLookup(m => m.TeamId, m => m.AccountId);
        return [.. teams
            .OrderBy(t => t.Name, StringComparer.InvariantCultureIgnoreCase)
            .Select(t => new TeamDto(t.Id, t.Name, [.. t.PhoneNumbers.Select(p => p.Number).Order(StringComparer.Ordinal)],
                [.. t.Supervisors.Select(s => s.AccountId).Order()], [.. membersOf[t.Id].Order()]))];
    }

    public Task<Team?> FindAsync(Guid businessId, Guid teamId, CancellationToken cancellationToken) =>
        db.Teams.SingleOrDefaultAsync(t => t.Id == teamId && t.BusinessId == businessId, cancellationToken);

    public void Add(Team team) => db.Teams.Add(team);

    public void Remove(Team team) => db.Teams.Remove(team);
}
