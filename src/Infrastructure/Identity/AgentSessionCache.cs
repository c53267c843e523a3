using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.Identity;

/// <summary>
/// This node's memory of live sessions (<c>Auth:SessionCacheEntries</c> of them), keyed by session id, so that an
/// authenticated request does not read the session row each time. A session that ends (logout, a password change, a
/// disabled agent) is announced to every node (<see cref="ChannelName"/>), which forgets it; see <see cref="NodeMemory{TValue}"/>
/// for why a node that may have missed an announcement trusts nothing it remembers.
/// </summary>
public sealed class AgentSessionCache(int capacity) : NodeMemory<AgentSessionCache.Entry>(capacity)
{
    /// <summary>The PostgreSQL channel on which ended sessions are announced (the payload is the session key).</summary>
    public const string ChannelName = "agent_session_ended";

    public override string Channel => ChannelName;

    public override string MetricName => "agent_sessions";

    /// <summary>A session ended (on any node): its key is the payload.</summary>
    public override void OnNotification(string payload) => Forget(payload);

    /// <summary>Ends one session: deletes its row and announces it, in one statement (announced only if it commits).</summary>
    public static Task EndSessionAsync(RecordingsDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync($"""
            WITH ended AS (DELETE FROM agent_sessions WHERE id = {sessionId} RETURNING id)
            SELECT pg_notify({ChannelName}, replace(id::text, '-', '')) FROM ended
            """, cancellationToken);
    }

    /// <summary>Ends an agent's sessions but <paramref name="keep"/>: deletes the rows and announces each, in one statement.</summary>
    public static Task EndAgentSessionsAsync(RecordingsDbContext db, Guid agentId, Guid keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync($"""
            WITH ended AS (DELETE FROM agent_sessions WHERE agent_id = {agentId} AND id <> {keep} RETURNING id)
            SELECT pg_notify({ChannelName}, replace(id::text, '-', '')) FROM ended
            """, cancellationToken);
    }

    /// <summary>
    /// A session as its row says: the ticket, when it started and when it ends unless used. The ticket is kept parsed,
    /// and a request gets a copy of it (<see cref="AuthenticationTicket.Clone"/>: the cookie handler may change the
    /// ticket it is given), never the remembered one.
    /// </summary>
    public sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
}
