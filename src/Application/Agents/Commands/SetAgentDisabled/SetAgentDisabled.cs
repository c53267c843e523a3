using Mediator;
using Recordings.Application.Agents.Commands.SetAgentPassword;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Agents.Commands.SetAgentDisabled;

/// <summary>
/// An operator disables an agent (who can no longer log in, and whose sessions all end at once) or enables them again.
/// </summary>
public sealed record SetAgentDisabledCommand(Guid BusinessId, Guid AgentId, bool Disabled) : ICommand;

public sealed class SetAgentDisabledCommandHandler(
    IAgentAccounts accounts, IAgentSessions sessions, IUnitOfWork unitOfWork, IOrganisationChanges organisation)
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

            // Who may see what follows from the org chart, which every node remembers: an enabled account must not be
            // refused by a chart that still has it disabled.
            await organisation.AnnounceAsync(command.BusinessId, ct);
            return true;
        }, cancellationToken);
        return found ? Unit.Value : throw AgentErrors.NotFound();
    }
}
