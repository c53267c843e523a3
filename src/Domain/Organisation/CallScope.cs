namespace Recordings.Domain.Organisation;

/// <summary>
/// Which calls one account may see (the rule of "who sees which call", decided by <see cref="OrgChart.ScopeOf"/>):
/// every call of its business, or only the business's calls attributed to one of <see cref="AgentIds"/> or on one of
/// <see cref="Lines"/> (the numbers of the teams it sees). A call outside the scope is, to that account, a call that
/// does not exist. The database applies the same scope to lists and counts (Infrastructure's <c>CallScopeFilter</c>).
/// </summary>
public sealed record CallScope(Guid BusinessId, bool WholeBusiness, IReadOnlyCollection<Guid> AgentIds, IReadOnlyCollection<string> Lines)
{
    /// <summary>Every call of the business.</summary>
    public static CallScope Business(Guid businessId) => new(businessId, true, [], []);

    /// <summary>Whether a call of <paramref name="businessId"/>, attributed to <paramref name="agentIds"/>, on <paramref name="line"/>, is in the scope.</summary>
    public bool Includes(Guid? businessId, IEnumerable<Guid> agentIds, string? line)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        return businessId == BusinessId
            && (WholeBusiness || agentIds.Any(AgentIds.Contains) || (line is not null && Lines.Contains(line)));
    }
}
