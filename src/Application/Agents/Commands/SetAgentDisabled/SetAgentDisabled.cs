using Mediator;
using Recordings.Application.Agents.Commands.SetAgentPassword;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Agents.Commands.SetAgentDisabled;

/// <summary>
/// An operator disables an agent (who can no longer log in, and whose sessions all end at once) or enables them again.
/// </summary>
public sealed record SetAgentDisabledCommand(Guid BusinessId, Guid AgentId, bool Disabled) : ICommand;

public sealed class SetAgentDisabledCommandHandler(IAgentAccounts accounts, IAgentSessions sessions)
    : ICommandHandler<SetAgentDisabledCommand>
{
    public async ValueTask<Unit> Handle(SetAgentDisabledCommand command, CancellationToken cancellationToken)
    {
        if (!await accounts.SetDisabledAsync(command.BusinessId, command.AgentId, command.Disabled, cancellationToken))
        {
            throw AgentErrors.NotFound();
        }

        if (command.Disabled)
        {
            await sessions.EndAllAsync(command.AgentId, exceptSessionId: null, cancellationToken);
        }

        return Unit.Value;
    }
}
