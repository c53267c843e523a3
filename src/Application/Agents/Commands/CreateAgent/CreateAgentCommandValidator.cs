using FluentValidation;

namespace Recordings.Application.Agents.Commands.CreateAgent;

public sealed class CreateAgentCommandValidator : AbstractValidator<CreateAgentCommand>
{
    public const int MinPasswordLength = 10;

    public CreateAgentCommandValidator()
    {
        RuleFor(c => c.BusinessId).NotEmpty();
        RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(c => c.Password).NotEmpty().MinimumLength(MinPasswordLength)
            .WithMessage($"A password has at least {MinPasswordLength} characters.").MaximumLength(512);
        RuleFor(c => c.DisplayName).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("'Display Name' must not be blank.")
            .MaximumLength(200);
    }
}
