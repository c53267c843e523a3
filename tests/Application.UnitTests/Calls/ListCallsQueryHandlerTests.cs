using Recordings.Application.Calls.Queries.ListCalls;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.UnitTests.Calls;

public sealed class ListCallsQueryHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");

    private readonly ICurrentAgent _currentAgent = Substitute.For<ICurrentAgent>();
    private readonly ICallReadRepository _calls = Substitute.For<ICallReadRepository>();
    private readonly ListCallsQueryHandler _handler;

    public ListCallsQueryHandlerTests()
    {
        _currentAgent.BusinessId.Returns(BusinessId);
        _calls.ListAsync(Arg.Any<Guid>(), Arg.Any<int>(), Arg.Any<int>(), Arg.Any<string?>(), Arg.Any<CallListOrder>(), Arg.Any<double?>(), Arg.Any<CancellationToken>())
            .Returns(ci => new PagedResult<CallListItemDto>([], ci.ArgAt<int>(1), ci.ArgAt<int>(2), 0));
        _handler = new ListCallsQueryHandler(_currentAgent, _calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task BlankSearchSearchesForNothing(string? q)
    {
        await _handler.Handle(new ListCallsQuery(2, 10, q), CancellationToken.None);

        await _calls.Received(1).ListAsync(BusinessId, 2, 10, null, CallListOrder.Newest, null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SearchIsTrimmed()
    {
        await _handler.Handle(new ListCallsQuery(1, 25, "  +1555 "), CancellationToken.None);

        await _calls.Received(1).ListAsync(BusinessId, 1, 25, "+1555", CallListOrder.Newest, null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListsTheCallsOfTheAgentsBusiness()
    {
        var result = await _handler.Handle(new ListCallsQuery(3, 50), CancellationToken.None);

        result.Page.ShouldBe(3);
        result.PageSize.ShouldBe(50);
        await _calls.Received(1).ListAsync(BusinessId, 3, 50, Arg.Any<string?>(), Arg.Any<CallListOrder>(), Arg.Any<double?>(), Arg.Any<CancellationToken>());
        await _calls.DidNotReceive().ListAsync(
            Arg.Is<Guid>(b => b != BusinessId), Arg.Any<int>(), Arg.Any<int>(), Arg.Any<string?>(), Arg.Any<CallListOrder>(), Arg.Any<double?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task TheMostSilentCallsFirstAndAMinimumOfSilenceReachTheRepository()
    {
        await _handler.Handle(new ListCallsQuery(1, 25, null, "silence", 30), CancellationToken.None);

        await _calls.Received(1).ListAsync(BusinessId, 1, 25, null, CallListOrder.Silence, 30, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("loudest", null, "Sort")]
    [InlineData("Silence", null, "Sort")]
    [InlineData(null, -1, "MinSilence")]
    [InlineData(null, 86_401, "MinSilence")]
    public void AnUnknownOrderOrAnImpossibleSilenceIsRefused(string? sort, int? minSilence, string field)
    {
        var result = new ListCallsQueryValidator().Validate(new ListCallsQuery(1, 25, null, sort, minSilence));

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(field);
    }
}
