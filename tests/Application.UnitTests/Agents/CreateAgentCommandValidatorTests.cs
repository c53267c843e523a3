using FluentValidation.TestHelper;
using Recordings.Application.Agents.Commands.CreateAgent;

namespace Recordings.Application.UnitTests.Agents;

public sealed class CreateAgentCommandValidatorTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");

    private readonly CreateAgentCommandValidator _validator = new();

    private static CreateAgentCommand Command(string? email = "dana@example.com", string? password = "0123456789", string? displayName = "Dana") =>
        new(BusinessId, email, password, displayName);

    [Fact]
    public void AcceptsAPasswordOfTenCharacters()
    {
        _validator.TestValidate(Command(password: new string('x', 10))).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("xxxxxxxxx")] // 9
    [InlineData("")]
    [InlineData(null)]
    public void RejectsAPasswordShorterThanTenCharacters(string? password)
    {
        _validator.TestValidate(Command(password: password)).ShouldHaveValidationErrorFor(c => c.Password);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("@example.com")]
    [InlineData("dana@")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsABadEmail(string? email)
    {
        _validator.TestValidate(Command(email: email)).ShouldHaveValidationErrorFor(c => c.Email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsABlankDisplayName(string? displayName)
    {
        _validator.TestValidate(Command(displayName: displayName)).ShouldHaveValidationErrorFor(c => c.DisplayName);
    }

    [Fact]
    public void RejectsAMissingDisplayName()
    {
        _validator.TestValidate(Command(displayName: null)).ShouldHaveValidationErrorFor(c => c.DisplayName);
    }

    [Fact]
    public void RejectsAnEmptyBusinessId()
    {
        _validator.TestValidate(new CreateAgentCommand(Guid.Empty, "dana@example.com", "0123456789", "Dana"))
            .ShouldHaveValidationErrorFor(c => c.BusinessId);
    }
}
