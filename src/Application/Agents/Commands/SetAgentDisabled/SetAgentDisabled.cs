using Mediator;
using Recordings.Application.Agents.Commands.SetAgentPassword;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Agents.Commands.SetAgentDisabled;

/// <summary>
/// An operator disables an agent (who can no longer log in, and whose sessions all end at once) or enables them again.
/// </summary>
public sealed record SetAgentDisabledCommand(Guid BusinessId, Guid AgentId, bool Disabled) : ICommand;

public sealed class SetAgentDisabledCommandHandler(IAgentAccounts accounts, IAgentSessions sessions, IUnitOfWork unitOfWork)
    : ICommandHandler<SetAgentDisabledCommand>
{
    public async ValueTask<Unit> Handle(SetAgentDisabledCommand command, CancellationToken cancellationToken)
    {
        // The account's change and the end of its sessions in one transaction: never a disabled agent with live sessions.
        var found = await unitOfWork.InTransactionAsync(async ct =>
        {
            if (!await accounts.SetDisabledAsync(command.BusinessId, command.AgentId, command.Disabled, ct))
            {
                return false;
            }

            if (command.Disabled)
            {
                await sessions.EndAllAsync(command.AgentId, exceptSessionId: null, ct);
            }

            return true;
        }, cancellationToken);
        return found ? Unit.Value : throw AgentErrors.NotFound();
    }
}
