using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Auth.Commands.LogIn;

/// <summary>Checks an agent's credentials. The web layer turns the answer into a session cookie.</summary>
public sealed record LogInCommand(string? Email, string? Password) : ICommand<AgentDto>;

public sealed class LogInCommandHandler(IAgentAccounts accounts) : ICommandHandler<LogInCommand, AgentDto>
{
    public async ValueTask<AgentDto> Handle(LogInCommand command, CancellationToken cancellationToken) =>
        await accounts.VerifyCredentialsAsync(command.Email!.Trim(), command.Password!, cancellationToken)
        ?? throw new UnauthorizedException("invalid_credentials", "The email or password is wrong.");
}

public sealed class LogInCommandValidator : AbstractValidator<LogInCommand>
{
    public LogInCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(256);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(512);
    }
}
