using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Identity;

/// <summary>Ends an agent's sessions on every node: the rows go, and each ended session is announced (on commit).</summary>
internal sealed class AgentSessions(RecordingsDbContext db, AgentSessionCache cache) : IAgentSessions
{
    public async Task EndAllAsync(Guid agentId, string? exceptSessionId, CancellationToken cancellationToken)
    {
        var keep = Guid.TryParseExact(exceptSessionId, "N", out var id) ? id : Guid.Empty;
        var ending = await db.AgentSessions.Where(s => s.AgentId == agentId && s.Id != keep).Select(s => s.Id).ToListAsync(cancellationToken);
        await AgentSessionCache.EndAgentSessionsAsync(db, agentId, keep, cancellationToken);

        // This node forgets them at once (its next request must not pass); the others when the announcement arrives.
        foreach (var ended in ending)
        {
            cache.Forget(ended.ToString("N"));
        }
    }

    public async Task<IReadOnlyList<Guid>> FindSsoAccountsAsync(
        Guid businessId, string issuer, string? subject, string? providerSession, CancellationToken cancellationToken) =>
        await (from session in db.AgentSessions
               join agent in db.Users on session.AgentId equals agent.Id
               where agent.BusinessId == businessId && session.SsoIssuer == issuer
                     && ((subject != null && session.SsoSubject == subject) || (providerSession != null && session.SsoSession == providerSession))
               select session.AgentId).Distinct().ToListAsync(cancellationToken);
}
