using Recordings.Application.Auth.Queries.GetCurrentAgent;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.UnitTests.Auth;

public sealed class GetCurrentAgentQueryHandlerTests
{
    private static readonly Guid AgentId = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid OtherBusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000b");

    private readonly ICurrentAgent _currentAgent = Substitute.For<ICurrentAgent>();
    private readonly IAgentAccounts _accounts = Substitute.For<IAgentAccounts>();
    private readonly GetCurrentAgentQueryHandler _handler;

    public GetCurrentAgentQueryHandlerTests()
    {
        _currentAgent.AgentId.Returns(AgentId);
        _currentAgent.BusinessId.Returns(BusinessId);
        _handler = new GetCurrentAgentQueryHandler(_currentAgent, _accounts);
    }

    [Fact]
    public async Task ReturnsTheAgentOfTheSession()
    {
        var agent = new AgentDto(AgentId, "dana@example.com", "Dana", BusinessId, "Acme");
        _accounts.FindAsync(AgentId, Arg.Any<CancellationToken>()).Returns(agent);

        var result = await _handler.Handle(new GetCurrentAgentQuery(), CancellationToken.None);

        result.ShouldBe(agent);
    }

    [Fact]
    public async Task AgentThatNoLongerExistsIsUnauthorized()
    {
        _accounts.FindAsync(AgentId, Arg.Any<CancellationToken>()).Returns((AgentDto?)null);

        await Should.ThrowAsync<UnauthorizedException>(async () => await _handler.Handle(new GetCurrentAgentQuery(), CancellationToken.None));
    }

    [Fact]
    public async Task AgentNowInAnotherBusinessIsUnauthorized()
    {
        _accounts.FindAsync(AgentId, Arg.Any<CancellationToken>())
            .Returns(new AgentDto(AgentId, "dana@example.com", "Dana", OtherBusinessId, "Other"));

        await Should.ThrowAsync<UnauthorizedException>(async () => await _handler.Handle(new GetCurrentAgentQuery(), CancellationToken.None));
    }
}
