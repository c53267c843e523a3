using Microsoft.EntityFrameworkCore;
using Recordings.Domain.Calls;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data.Configurations;

namespace Recordings.Infrastructure.Organisation;

/// <summary>
/// <see cref="CallScope"/> in SQL: the calls of the scope's business, and unless it sees the whole business, only those
/// attributed to one of its agents (<c>agent_ids &amp;&amp; @agents</c>, a GIN index) or on one of its lines. The same
/// rule as <see cref="CallScope.Includes"/>; every scoped read of calls starts here.
/// </summary>
internal static class CallScopeFilter
{
    public static IQueryable<CallLog> VisibleTo(this IQueryable<CallLog> calls, CallScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var businessId = scope.BusinessId;
        calls = calls.Where(c => c.BusinessId == businessId);
        if (scope.WholeBusiness)
        {
            return calls;
        }

        var agents = scope.AgentIds.ToArray();
        var lines = scope.Lines.ToArray();
        return lines.Length == 0
            ? calls.Where(c => c.AgentIds.Any(a => agents.Contains(a)))
            : calls.Where(c => c.AgentIds.Any(a => agents.Contains(a)) || lines.Contains(EF.Property<string>(c, CallLogConfiguration.Line)));
    }
}
