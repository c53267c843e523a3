using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Auth.Queries.GetCurrentAgent;

public sealed record GetCurrentAgentQuery : IQuery<AgentDto>;

public sealed class GetCurrentAgentQueryHandler(ICurrentAgent currentAgent, IAgentAccounts accounts)
    : IQueryHandler<GetCurrentAgentQuery, AgentDto>
{
    public async ValueTask<AgentDto> Handle(GetCurrentAgentQuery query, CancellationToken cancellationToken)
    {
        var agent = await accounts.FindAsync(currentAgent.AgentId, cancellationToken);

        // An agent removed (or moved) since the cookie was issued no longer has a session.
        return agent is not null && agent.BusinessId == currentAgent.BusinessId
            ? agent
            : throw new UnauthorizedException("unauthenticated", "The session is no longer valid.");
    }
}
