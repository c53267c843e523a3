using Recordings.Application.Auth.Commands.LogIn;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.UnitTests.Auth;

public sealed class LogInCommandHandlerTests
{
    private readonly IAgentAccounts _accounts = Substitute.For<IAgentAccounts>();
    private readonly global::Recordings.Application.Sso.IBusinessSsoStore _sso = Substitute.For<global::Recordings.Application.Sso.IBusinessSsoStore>();
    private readonly LogInCommandHandler _handler;

    public LogInCommandHandlerTests() => _handler = new LogInCommandHandler(_accounts, _sso);

    [Fact]
    public async Task AnAccountOfABusinessWithoutPasswordLoginIsSentToItsProviderWhateverThePassword()
    {
        var agent = new AgentDto(Guid.NewGuid(), "dana@example.com", "Dana", Guid.NewGuid(), "Acme");
        _accounts.FindForSignInAsync("dana@example.com", Arg.Any<CancellationToken>()).Returns((agent, false));
        _sso.FindAsync(agent.BusinessId, Arg.Any<CancellationToken>()).Returns((new global::Recordings.Application.Sso.SsoSettings(
            "https://idp.example.com", "app", "email", null, new Dictionary<string, string>(), null, "existing", PasswordLogin: false), true));

        var ex = await Should.ThrowAsync<SsoRequiredException>(async () =>
            await _handler.Handle(new LogInCommand("dana@example.com", "any password"), CancellationToken.None));

        ex.Code.ShouldBe("sso_required");
        ex.SsoUrl.ShouldBe("/api/auth/sso?email=dana%40example.com");
        await _accounts.DidNotReceiveWithAnyArgs().VerifyCredentialsAsync(default!, default!, default);
    }

    [Fact]
    public async Task WrongCredentialsAreUnauthorized()
    {
        _accounts.VerifyCredentialsAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns((AgentDto?)null);

        var ex = await Should.ThrowAsync<UnauthorizedException>(async () =>
            await _handler.Handle(new LogInCommand("dana@example.com", "wrong password"), CancellationToken.None));

        ex.Code.ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task RightCredentialsReturnTheAgent()
    {
        var agent = new AgentDto(Guid.NewGuid(), "dana@example.com", "Dana", Guid.NewGuid(), "Acme");
        _accounts.VerifyCredentialsAsync("dana@example.com", " secret password ", Arg.Any<CancellationToken>()).Returns(agent);

        var result = await _handler.Handle(new LogInCommand(" dana@example.com ", " secret password "), CancellationToken.None);

        result.ShouldBe(agent);
    }
}
