using FluentValidation.TestHelper;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Domain.Businesses;

namespace Recordings.Application.UnitTests.Businesses;

public sealed class CreateBusinessCommandValidatorTests
{
    private readonly CreateBusinessCommandValidator _validator = new();

    [Fact]
    public void AcceptsANamedBusinessWithDistinctE164Numbers()
    {
        _validator.TestValidate(new CreateBusinessCommand("Acme", ["+15551230001", "+442071838750"])).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("15551230001")]
    [InlineData("+1 555 123 0001")]
    [InlineData("+05551230001")]
    [InlineData("")]
    [InlineData("+1234567890123456")]
    public void RejectsANumberThatIsNotE164(string number)
    {
        var result = _validator.TestValidate(new CreateBusinessCommand("Acme", ["+15551230001", number]));

        result.ShouldHaveValidationErrorFor("PhoneNumbers[1]");
        result.Errors.ShouldNotContain(e => e.PropertyName == "PhoneNumbers[0]");
    }

    [Fact]
    public void RejectsANumberListedTwice()
    {
        _validator.TestValidate(new CreateBusinessCommand("Acme", ["+15551230001", "+15551230002", "+15551230001"]))
            .ShouldHaveValidationErrorFor(c => c.PhoneNumbers);
    }

    [Fact]
    public void RejectsAnEmptyList()
    {
        _validator.TestValidate(new CreateBusinessCommand("Acme", [])).ShouldHaveValidationErrorFor(c => c.PhoneNumbers);
    }

    [Fact]
    public void RejectsAMissingList()
    {
        _validator.TestValidate(new CreateBusinessCommand("Acme", null)).ShouldHaveValidationErrorFor(c => c.PhoneNumbers);
    }

    [Fact]
    public void RejectsMoreNumbersThanTheMaximum()
    {
        var numbers = Enumerable.Range(0, CreateBusinessCommandValidator.MaxPhoneNumbers + 1).Select(i => $"+1555{i:D7}").ToList();

        _validator.TestValidate(new CreateBusinessCommand("Acme", numbers)).ShouldHaveValidationErrorFor(c => c.PhoneNumbers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsABlankName(string? name)
    {
        _validator.TestValidate(new CreateBusinessCommand(name, ["+15551230001"])).ShouldHaveValidationErrorFor(c => c.Name);
    }

    [Fact]
    public void RejectsAMissingName()
    {
        _validator.TestValidate(new CreateBusinessCommand(null, ["+15551230001"])).ShouldHaveValidationErrorFor(c => c.Name);
    }

    [Fact]
    public void RejectsANameLongerThanTheMaximum()
    {
        _validator.TestValidate(new CreateBusinessCommand(new string('a', Business.MaxNameLength + 1), ["+15551230001"]))
            .ShouldHaveValidationErrorFor(c => c.Name);
    }
}
