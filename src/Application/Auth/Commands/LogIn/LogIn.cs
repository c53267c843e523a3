using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Auth.Commands.LogIn;

/// <summary>Checks an agent's credentials. The web layer turns the answer into a session cookie.</summary>
public sealed record LogInCommand(string? Email, string? Password) : ICommand<AgentDto>;

public sealed class LogInCommandHandler(IAgentAccounts accounts, Sso.IBusinessSsoStore sso) : ICommandHandler<LogInCommand, AgentDto>
{
    public async ValueTask<AgentDto> Handle(LogInCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email!.Trim();
        // A business with passwordLogin: false: its accounts are sent to its identity provider, whatever the password.
        if (await accounts.FindForSignInAsync(email, cancellationToken) is { } account
            && await sso.FindAsync(account.Agent.BusinessId, cancellationToken) is { Settings.PasswordLogin: false })
        {
            throw new SsoRequiredException("/api/auth/sso?email=" + Uri.EscapeDataString(email));
        }
        return await accounts.VerifyCredentialsAsync(email, command.Password!, cancellationToken)
            ?? throw new UnauthorizedException("invalid_credentials", "The email or password is wrong.");
    }
}

public sealed class LogInCommandValidator : AbstractValidator<LogInCommand>
{
    public LogInCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(256);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(512);
    }
}
