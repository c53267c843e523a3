using Recordings.Application.Agents.Commands.SetAgentDisabled;
using Recordings.Application.Agents.Commands.SetAgentPassword;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.UnitTests.Agents;

/// <summary>An operator's password reset and disabling end every session of the agent; enabling ends none.</summary>
public sealed class AgentAccessCommandHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid AgentId = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");
    private readonly IAgentAccounts _accounts = Substitute.For<IAgentAccounts>();
    private readonly IAgentSessions _sessions = Substitute.For<IAgentSessions>();
    private readonly IUnitOfWork _unitOfWork = TestData.PassThroughUnitOfWork();
    private readonly IOrganisationChanges _organisation = Substitute.For<IOrganisationChanges>();

    [Fact]
    public async Task AResetEndsEverySession()
    {
        _accounts.SetPasswordAsync(BusinessId, AgentId, "a new password", Arg.Any<CancellationToken>()).Returns(true);

        await new SetAgentPasswordCommandHandler(_accounts, _sessions, _unitOfWork)
            .Handle(new SetAgentPasswordCommand(BusinessId, AgentId, "a new password"), CancellationToken.None);

        await _sessions.Received(1).EndAllAsync(AgentId, null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task DisablingEndsEverySessionAndEnablingNone()
    {
        _accounts.SetDisabledAsync(BusinessId, AgentId, Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(true);
        var handler = new SetAgentDisabledCommandHandler(_accounts, _sessions, _unitOfWork, _organisation);

        await handler.Handle(new SetAgentDisabledCommand(BusinessId, AgentId, Disabled: true), CancellationToken.None);
        await handler.Handle(new SetAgentDisabledCommand(BusinessId, AgentId, Disabled: false), CancellationToken.None);

        await _sessions.Received(1).EndAllAsync(AgentId, null, Arg.Any<CancellationToken>());
        // Both change the org chart every node remembers (an enabled account must not stay disabled in it).
        await _organisation.Received(2).AnnounceAsync(BusinessId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnAgentTheBusinessDoesNotHaveIsNotFound()
    {
        var reset = await Should.ThrowAsync<NotFoundException>(async () => await new SetAgentPasswordCommandHandler(_accounts, _sessions, _unitOfWork)
            .Handle(new SetAgentPasswordCommand(BusinessId, AgentId, "a new password"), CancellationToken.None));
        var disable = await Should.ThrowAsync<NotFoundException>(async () => await new SetAgentDisabledCommandHandler(_accounts, _sessions, _unitOfWork, _organisation)
            .Handle(new SetAgentDisabledCommand(BusinessId, AgentId, Disabled: true), CancellationToken.None));

        reset.Code.ShouldBe("agent_not_found");
        disable.Code.ShouldBe("agent_not_found");
        await _sessions.DidNotReceiveWithAnyArgs().EndAllAsync(default, default, default);
    }
}
