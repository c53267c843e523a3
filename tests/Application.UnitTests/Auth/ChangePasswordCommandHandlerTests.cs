using FluentValidation.TestHelper;
using Recordings.Application.Auth.Commands.ChangePassword;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.UnitTests.Auth;

public sealed class ChangePasswordCommandHandlerTests
{
    private static readonly Guid AgentId = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");
    private readonly ICurrentAgent _agent = Substitute.For<ICurrentAgent>();
    private readonly IAgentAccounts _accounts = Substitute.For<IAgentAccounts>();
    private readonly IAgentSessions _sessions = Substitute.For<IAgentSessions>();

    public ChangePasswordCommandHandlerTests()
    {
        _agent.AgentId.Returns(AgentId);
        _agent.SessionId.Returns("this-session");
    }

    private ChangePasswordCommandHandler Handler => new(_agent, _accounts, _sessions);

    [Fact]
    public async Task ARightCurrentPasswordChangesItAndEndsEveryOtherSession()
    {
        _accounts.ChangePasswordAsync(AgentId, "old password", "new password!", Arg.Any<CancellationToken>()).Returns(true);

        await Handler.Handle(new ChangePasswordCommand("old password", "new password!"), CancellationToken.None);

        await _sessions.Received(1).EndAllAsync(AgentId, "this-session", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AWrongCurrentPasswordIsAValidationErrorAndEndsNoSession()
    {
        _accounts.ChangePasswordAsync(AgentId, "wrong", "new password!", Arg.Any<CancellationToken>()).Returns(false);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await Handler.Handle(new ChangePasswordCommand("wrong", "new password!"), CancellationToken.None));

        ex.Errors.Keys.ShouldBe([nameof(ChangePasswordCommand.CurrentPassword)]);
        await _sessions.DidNotReceiveWithAnyArgs().EndAllAsync(default, default, default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    public void ANewPasswordShorterThanTenIsRefused(string? password)
    {
        new ChangePasswordCommandValidator().TestValidate(new ChangePasswordCommand("old password", password))
            .ShouldHaveValidationErrorFor(c => c.NewPassword);
    }
}
