using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;

namespace Recordings.Application.Agents.Commands.SetAgentPassword;

/// <summary>An operator sets an agent's password (a reset). Every session of that agent ends.</summary>
public sealed record SetAgentPasswordCommand(Guid BusinessId, Guid AgentId, string? Password) : ICommand;

public sealed class SetAgentPasswordCommandHandler(IAgentAccounts accounts, IAgentSessions sessions, IUnitOfWork unitOfWork)
    : ICommandHandler<SetAgentPasswordCommand>
{
    public async ValueTask<Unit> Handle(SetAgentPasswordCommand command, CancellationToken cancellationToken)
    {
        // The new password and the end of the agent's sessions in one transaction: both land, or neither.
        var found = await unitOfWork.InTransactionAsync(async ct =>
        {
            if (!await accounts.SetPasswordAsync(command.BusinessId, command.AgentId, command.Password!, ct))
            {
                return false;
            }

            await sessions.EndAllAsync(command.AgentId, exceptSessionId: null, ct);
            return true;
        }, cancellationToken);
        return found ? Unit.Value : throw AgentErrors.NotFound();
    }
}

public sealed class SetAgentPasswordCommandValidator : AbstractValidator<SetAgentPasswordCommand>
{
    public SetAgentPasswordCommandValidator() => RuleFor(c => c.Password).NewPassword();
}

public static class AgentErrors
{
    public static NotFoundException NotFound() => new("agent_not_found", "This business has no such agent.");
}
