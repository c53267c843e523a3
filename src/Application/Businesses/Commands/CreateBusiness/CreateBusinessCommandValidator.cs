using FluentValidation;
using Recordings.Domain.Businesses;

namespace Recordings.Application.Businesses.Commands.CreateBusiness;

public sealed class CreateBusinessCommandValidator : AbstractValidator<CreateBusinessCommand>
{
    public const int MaxPhoneNumbers = 100;

    public CreateBusinessCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("'Name' must not be blank.")
            .MaximumLength(Business.MaxNameLength);
        RuleFor(c => c.PhoneNumbers).NotEmpty().WithMessage("A business owns at least one phone number.")
            .Must(n => n is null || n.Count <= MaxPhoneNumbers).WithMessage($"At most {MaxPhoneNumbers} phone numbers.")
            .Must(n => n is null || n.Distinct(StringComparer.Ordinal).Count() == n.Count).WithMessage("A phone number is listed twice.");
        RuleForEach(c => c.PhoneNumbers).Must(PhoneNumber.IsValid)
            .WithMessage("'{PropertyValue}' is not an E.164 phone number (e.g. +15551230001).");
    }
}
