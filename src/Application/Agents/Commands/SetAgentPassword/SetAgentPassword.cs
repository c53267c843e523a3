using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;

namespace Recordings.Application.Agents.Commands.SetAgentPassword;

/// <summary>An operator sets an agent's password (a reset). Every session of that agent ends.</summary>
public sealed record SetAgentPasswordCommand(Guid BusinessId, Guid AgentId, string? Password) : ICommand;

public sealed class SetAgentPasswordCommandHandler(IAgentAccounts accounts, IAgentSessions sessions)
    : ICommandHandler<SetAgentPasswordCommand>
{
    public async ValueTask<Unit> Handle(SetAgentPasswordCommand command, CancellationToken cancellationToken)
    {
        if (!await accounts.SetPasswordAsync(command.BusinessId, command.AgentId, command.Password!, cancellationToken))
        {
            throw AgentErrors.NotFound();
        }

        await sessions.EndAllAsync(command.AgentId, exceptSessionId: null, cancellationToken);
        return Unit.Value;
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
