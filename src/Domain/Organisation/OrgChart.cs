namespace Recordings.Domain.Organisation;

/// <summary>An account as the rule of who sees which call knows it: its role, its teams, whether it is disabled.</summary>
public sealed record OrganisationAccount(Guid Id, AccountRole Role, bool Disabled, IReadOnlyCollection<Guid> TeamIds)
{
    /// <summary>How the account is named to others (a call's agents).</summary>
    public string DisplayName { get; init; } = string.Empty;
}

/// <summary>A team as the rule knows it: who is in it, who supervises it, the numbers it answers.</summary>
public sealed record OrganisationTeam(Guid Id, string Name, IReadOnlyCollection<Guid> MemberIds, IReadOnlyCollection<Guid> SupervisorIds,
    IReadOnlyCollection<string> PhoneNumbers);

/// <summary>
/// A business's people as one snapshot: its <see cref="AgentsSee"/> setting, its accounts and its teams. Decides which
/// calls each account sees (<see cref="ScopeOf"/>), the one place that rule is written.
/// </summary>
public sealed class OrgChart
{
    private readonly Dictionary<Guid, OrganisationAccount> _accounts;
    private readonly Dictionary<Guid, OrganisationTeam> _teams;

    public OrgChart(Guid businessId, AgentsSee agentsSee, IEnumerable<OrganisationAccount> accounts, IEnumerable<OrganisationTeam> teams)
    {
        BusinessId = businessId;
        AgentsSee = agentsSee;
        _accounts = accounts.ToDictionary(a => a.Id);
        _teams = teams.ToDictionary(t => t.Id);
    }

    public Guid BusinessId { get; }

    public AgentsSee AgentsSee { get; }

    public IReadOnlyCollection<OrganisationAccount> Accounts => _accounts.Values;

    public IReadOnlyCollection<OrganisationTeam> Teams => _teams.Values;

    public OrganisationAccount? Account(Guid accountId) => _accounts.GetValueOrDefault(accountId);

    public OrganisationTeam? Team(Guid teamId) => _teams.GetValueOrDefault(teamId);

    /// <summary>
    /// The calls an account may see, or null when it is not an enabled account of this business:
    /// <list type="bullet">
    /// <item><c>admin</c>: every call of the business;</item>
    /// <item>under <see cref="AgentsSee.Business"/>: every call of the business, whatever the role;</item>
    /// <item><c>supervisor</c>: their own calls and the calls of the teams they supervise (and, under
    /// <see cref="AgentsSee.Team"/>, of the teams they are in, as any agent);</item>
    /// <item><c>agent</c>: their own calls, and under <see cref="AgentsSee.Team"/> their teams' calls.</item>
    /// </list>
    /// A team's calls are those attributed to one of its members, and those on a number it answers.
    /// </summary>
    public CallScope? ScopeOf(Guid accountId)
    {
        if (Account(accountId) is not { Disabled: false } account)
        {
            return null;
        }

        if (account.Role == AccountRole.Admin || AgentsSee == AgentsSee.Business)
        {
            return CallScope.Business(BusinessId);
        }

        var teams = new HashSet<Guid>();
        if (AgentsSee == AgentsSee.Team)
        {
            teams.UnionWith(account.TeamIds);
        }

        if (account.Role == AccountRole.Supervisor)
        {
            teams.UnionWith(_teams.Values.Where(t => t.SupervisorIds.Contains(accountId)).Select(t => t.Id));
        }

        var seen = teams.Select(Team).OfType<OrganisationTeam>().ToList();
        var agents = new HashSet<Guid>(seen.SelectMany(t => t.MemberIds)) { accountId };
        var lines = new HashSet<string>(seen.SelectMany(t => t.PhoneNumbers), StringComparer.Ordinal);
        return new CallScope(BusinessId, false, agents, lines);
    }

    /// <summary>The teams of a call: its agents' teams and the team answering its line.</summary>
    public IReadOnlyList<OrganisationTeam> TeamsOf(IEnumerable<Guid> agentIds, string? line)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        var ids = agentIds.SelectMany(id => Account(id)?.TeamIds ?? []).ToHashSet();
        return _teams.Values.Where(t => ids.Contains(t.Id) || (line is not null && t.PhoneNumbers.Contains(line))).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }
}
