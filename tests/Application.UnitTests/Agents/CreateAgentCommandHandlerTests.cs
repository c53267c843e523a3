using Recordings.Application.Agents.Commands.CreateAgent;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;

namespace Recordings.Application.UnitTests.Agents;

public sealed class CreateAgentCommandHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid AgentId = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");

    private readonly IBusinessRepository _businesses = Substitute.For<IBusinessRepository>();
    private readonly IAgentAccounts _accounts = Substitute.For<IAgentAccounts>();
    private readonly IOrganisationChanges _organisation = Substitute.For<IOrganisationChanges>();
    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly CreateAgentCommandHandler _handler;

    public CreateAgentCommandHandlerTests()
    {
        _unitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<AgentDto>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<AgentDto>>>()(CancellationToken.None));
        _handler = new CreateAgentCommandHandler(_businesses, _accounts, _unitOfWork, _organisation);
    }

    [Fact]
    public async Task UnknownBusinessIsNotFoundAndNoAccountIsCreated()
    {
        _businesses.ExistsAsync(BusinessId, Arg.Any<CancellationToken>()).Returns(false);

        var ex = await Should.ThrowAsync<NotFoundException>(async () => await _handler.Handle(
            new CreateAgentCommand(BusinessId, "dana@example.com", "correct horse", "Dana"), CancellationToken.None));

        ex.Code.ShouldBe("business_not_found");
        _accounts.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task CreatesTheAgentWithTrimmedEmailAndDisplayNameAsAnAgentByDefault()
    {
        _businesses.ExistsAsync(BusinessId, Arg.Any<CancellationToken>()).Returns(true);
        _accounts.CreateAsync(BusinessId, "dana@example.com", " correct horse ", "Dana Scully", AccountRole.Agent, Arg.Any<CancellationToken>())
            .Returns(new AgentDto(AgentId, "dana@example.com", "Dana Scully", BusinessId, "Acme"));

        var result = await _handler.Handle(
            new CreateAgentCommand(BusinessId, "  dana@example.com ", " correct horse ", "\tDana Scully  "), CancellationToken.None);

        result.ShouldBe(new AgentCreatedDto(AgentId, "dana@example.com"));
        await _accounts.Received(1).CreateAsync(
            BusinessId, "dana@example.com", " correct horse ", "Dana Scully", AccountRole.Agent, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ABusinessStartsWithItsFirstAdminAndEveryNodeForgetsItsChart()
    {
        _businesses.ExistsAsync(BusinessId, Arg.Any<CancellationToken>()).Returns(true);
        _accounts.CreateAsync(BusinessId, "dana@example.com", "correct horse", "Dana", AccountRole.Admin, Arg.Any<CancellationToken>())
            .Returns(new AgentDto(AgentId, "dana@example.com", "Dana", BusinessId, "Acme"));

        await _handler.Handle(new CreateAgentCommand(BusinessId, "dana@example.com", "correct horse", "Dana", "admin"), CancellationToken.None);

        await _accounts.Received(1).CreateAsync(BusinessId, "dana@example.com", "correct horse", "Dana", AccountRole.Admin, Arg.Any<CancellationToken>());
        await _organisation.Received(1).AnnounceAsync(BusinessId, Arg.Any<CancellationToken>());
    }
}
