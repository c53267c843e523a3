using Recordings.Application.Manage.Agents.Commands.CreateAccount;
using Recordings.Application.Manage.Calls;
using Recordings.Application.Manage.Teams.Commands.CreateTeam;

namespace Recordings.Application.UnitTests.Manage;

/// <summary>The shape of the administration's input, checked before any database access.</summary>
public sealed class ManageValidatorTests
{
    private static CreateAccountCommand Account(string? role = "agent", string[]? identities = null, string password = "correct horse battery") =>
        new("dana@acme.example", "Dana", role, [], identities ?? [], password);

    [Theory]
    [InlineData("client:dana")]
    [InlineData(" Client:dana.levi@acme ")]
    [InlineData("+972521234567")]
    [InlineData("sip:dana@pbx.acme.example;transport=tls")]
    public void AnIdentityIsAClientNameANumberOrASipUri(string identity) =>
        new CreateAccountCommandValidator().Validate(Account(identities: [identity])).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("dana")]
    [InlineData("0521234567")]
    [InlineData("client:")]
    [InlineData("client:dana levi")]
    [InlineData("sip:pbx.acme.example")]
    [InlineData("mailto:dana@acme.example")]
    public void AnythingElseIsRefusedUnderIdentities(string identity)
    {
        var result = new CreateAccountCommandValidator().Validate(Account(identities: ["client:ok", identity]));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["Identities"]);
        result.Errors.Single().ErrorMessage.ShouldContain($"'{identity}'");
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("Admin")]
    [InlineData("")]
    public void ARoleIsAgentSupervisorOrAdmin(string role) =>
        new CreateAccountCommandValidator().Validate(Account(role)).Errors.Select(e => e.PropertyName).ShouldBe(["Role"]);

    [Fact]
    public void APasswordHasTenCharacters() =>
        new CreateAccountCommandValidator().Validate(Account(password: "123456789")).Errors.Select(e => e.PropertyName).ShouldBe(["Password"]);

    [Fact]
    public void ATeamsNumbersAreE164()
    {
        var result = new CreateTeamCommandValidator().Validate(new CreateTeamCommand("Sales", ["+15551230001", "555-1234"], []));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["PhoneNumbers"]);
        result.Errors.Single().ErrorMessage.ShouldContain("555-1234");
    }

    [Fact]
    public void AnAttributionNeedsAListAndACallSid()
    {
        var validator = new SetCallAgentsCommandValidator();

        validator.Validate(new SetCallAgentsCommand(TestData.CallSid, null)).Errors.Select(e => e.PropertyName).ShouldBe(["AgentIds"]);
        validator.Validate(new SetCallAgentsCommand("CA123", [])).Errors.Single().ErrorCode.ShouldBe("invalid_sid");
        validator.Validate(new SetCallAgentsCommand(TestData.CallSid, [])).IsValid.ShouldBeTrue();
    }
}
