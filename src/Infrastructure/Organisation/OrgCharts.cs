using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.Organisation;

/// <summary>
/// This node's memory of businesses' org charts, keyed by business id: an authenticated request reads its business's
/// chart from here, not from four tables. Every change is announced on <see cref="ChannelName"/> (payload: the business
/// id) by the transaction that makes it, and every node forgets that chart; see <see cref="NodeMemory{TValue}"/> for
/// why a node that may have missed an announcement trusts nothing it remembers.
/// </summary>
public sealed class OrgChartCache(int capacity) : NodeMemory<OrgChart>(capacity)
{
    public const string ChannelName = "organisation_changed";

    public override string Channel => ChannelName;

    public override string MetricName => "org_charts";

    public override void OnNotification(string payload) => Forget(payload);

    public static string KeyOf(Guid businessId) => businessId.ToString("N");
}

/// <summary>Reads a business's org chart (four small queries: the business, its accounts, their teams, the teams), through the node's memory.</summary>
/// <remarks>The DbContext is built only on a miss: a player's range reads answered from memory pay for none of it.</remarks>
internal sealed class OrgCharts(Lazy<RecordingsDbContext> database, OrgChartCache cache, TimeProvider time) : IOrgCharts
{
    public async Task<OrgChart> GetAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var key = OrgChartCache.KeyOf(businessId);
        if (cache.TryGet(key, out var remembered))
        {
            return remembered;
        }

        var version = cache.Version;
        var chart = await ReadAsync(businessId, cancellationToken)
            ?? throw new UnauthorizedException("unauthenticated", "Log in first.");
        cache.Add(key, chart, version);
        return chart;
    }

    private async Task<OrgChart?> ReadAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var db = database.Value;
        var agentsSee = await db.Businesses.AsNoTracking().Where(b => b.Id == businessId).Select(b => (AgentsSee?)b.AgentsSee)
            .SingleOrDefaultAsync(cancellationToken);
        if (agentsSee is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var accounts = await db.Users.AsNoTracking().Where(a => a.BusinessId == businessId)
            .Select(a => new { a.Id, a.Role, a.DisplayName, Disabled = a.LockoutEnd != null && a.LockoutEnd > now })
            .ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => t.BusinessId == businessId).ToListAsync(cancellationToken);
        var members = await (from member in db.TeamMembers
                             join team in db.Teams on member.TeamId equals team.Id
                             where team.BusinessId == businessId
                             select member).AsNoTracking().ToListAsync(cancellationToken);
        var teamsOf = members.ToLookup(m => m.AccountId, m => m.TeamId);
        var membersOf = members.ToLookup(m => m.TeamId, m => m.AccountId);
        return new OrgChart(businessId, agentsSee.Value,
            accounts.Select(a => new OrganisationAccount(a.Id, a.Role, a.Disabled, [.. teamsOf[a.Id]]) { DisplayName = a.DisplayName }),
            teams.Select(t => new OrganisationTeam(t.Id, t.Name, [.. membersOf[t.Id]], [.. t.Supervisors.Select(s => s.AccountId)],
                [.. t.PhoneNumbers.Select(p => p.Number)])));
    }
}

/// <summary>Announces a change of a business's people: on commit to every node (<c>pg_notify</c>), and to this node at once.</summary>
internal sealed class OrganisationChanges(RecordingsDbContext db, OrgChartCache cache) : IOrganisationChanges
{
    public async Task AnnounceAsync(Guid businessId, CancellationToken cancellationToken)
    {
        var key = OrgChartCache.KeyOf(businessId);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({OrgChartCache.ChannelName}, {key})", cancellationToken);
        // Forgotten now and again once the change commits: a chart read in between (the old one) is not kept.
        cache.Forget(key);
        db.AfterCommit(() => cache.Forget(key));
    }
}
