using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;

namespace Recordings.Application.Auth.Commands.ChangePassword;

/// <summary>
/// The agent changes their own password, proving the current one. Every other session of the agent ends (a browser
/// left logged in elsewhere, or a stolen cookie); the browser that made the change stays logged in.
/// </summary>
public sealed record ChangePasswordCommand(string? CurrentPassword, string? NewPassword) : ICommand;

public sealed class ChangePasswordCommandHandler(ICurrentAgent agent, IAgentAccounts accounts, IAgentSessions sessions)
    : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var agentId = agent.AgentId;
        if (!await accounts.ChangePasswordAsync(agentId, command.CurrentPassword!, command.NewPassword!, cancellationToken))
        {
            throw RequestValidationException.ForField(RequestValidationException.DefaultCode,
                nameof(ChangePasswordCommand.CurrentPassword), "The current password is wrong.");
        }

        await sessions.EndAllAsync(agentId, agent.SessionId, cancellationToken);
        return Unit.Value;
    }
}

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.NewPassword).NewPassword();
    }
}
