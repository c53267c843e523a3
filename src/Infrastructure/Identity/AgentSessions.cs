using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Identity;

internal sealed class AgentSessions(RecordingsDbContext db) : IAgentSessions
{
    public Task EndAllAsync(Guid agentId, string? exceptSessionId, CancellationToken cancellationToken)
    {
        var keep = Guid.TryParseExact(exceptSessionId, "N", out var id) ? id : Guid.Empty;
        return db.AgentSessions.Where(s => s.AgentId == agentId && s.Id != keep).ExecuteDeleteAsync(cancellationToken);
    }
}
