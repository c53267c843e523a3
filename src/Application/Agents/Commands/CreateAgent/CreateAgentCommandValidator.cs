using FluentValidation;
using Recordings.Application.Common.Validation;

namespace Recordings.Application.Agents.Commands.CreateAgent;

public sealed class CreateAgentCommandValidator : AbstractValidator<CreateAgentCommand>
{
    public CreateAgentCommandValidator()
    {
        RuleFor(c => c.BusinessId).NotEmpty();
        RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(c => c.Password).NewPassword();
        RuleFor(c => c.DisplayName).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("'Display Name' must not be blank.")
            .MaximumLength(200);
        RuleFor(c => c.Role).Must(r => r is null || Domain.Organisation.OrganisationNames.TryParseRole(r, out _))
            .WithMessage("'role' is agent, supervisor or admin.");
    }
}
