using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Agents.Commands.ResetAccountPassword;

/// <summary>The business's admin sets an account's password (a reset); every session of that account ends, on every node.</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record ResetAccountPasswordCommand(Guid AccountId, string? Password) : ICommand;

public sealed class ResetAccountPasswordCommandHandler(BusinessAdministration administration, IAgentAccounts agentAccounts, IAgentSessions sessions)
    : ICommandHandler<ResetAccountPasswordCommand>
{
    public async ValueTask<Unit> Handle(ResetAccountPasswordCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            if (!await agentAccounts.SetPasswordAsync(viewer.BusinessId, command.AccountId, command.Password!, ct))
            {
                throw ManageErrors.AccountNotFound();
            }

            await sessions.EndAllAsync(command.AccountId, exceptSessionId: null, ct);
            return new ChangeOutcome<Unit>(Unit.Value,
                new AuditedChange(AuditAction.PasswordReset, AccountRules.Target(command.AccountId), "password reset; sessions ended"));
        }, changesOrgChart: false, cancellationToken);
}

public sealed class ResetAccountPasswordCommandValidator : AbstractValidator<ResetAccountPasswordCommand>
{
    public ResetAccountPasswordCommandValidator() => RuleFor(c => c.Password).NewPassword();
}
