using Recordings.Testing;
using System.Globalization;
using Recordings.Application.Calls.Queries.ListCalls;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Domain.Calls;

namespace Recordings.Application.UnitTests.Calls;

public sealed class ListCallsQueryHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly CallListKey LastRow = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture), "CA" + new string('1', 32));

    private static readonly Viewer Admin = Viewers.AdminOf(BusinessId);

    private readonly ICurrentViewer _viewer = TestData.CurrentViewer(Admin);
    private readonly ICallReadRepository _calls = Substitute.For<ICallReadRepository>();
    private readonly ListCallsQueryHandler _handler;

    public ListCallsQueryHandlerTests()
    {
        _calls.ListAsync(default!, default, default, default!, default!, default)
            .ReturnsForAnyArgs(new PageSlice<CallListItemDto, CallListKey>([], LastRow));
        _calls.CountAsync(default!, default, default!, default).ReturnsForAnyArgs(new ListTotal(1234, false));
        _handler = new ListCallsQueryHandler(_viewer, _calls, new CursorCodec(new ReadableProtector()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task BlankSearchSearchesForNothing(string? q)
    {
        await _handler.Handle(new ListCallsQuery(Page: 2, PageSize: 10, Q: q), CancellationToken.None);

        await _calls.Received(1).ListAsync(Admin, null, CallListOrder.Newest, Arg.Any<CallListFilter>(),
            new PageRequest<CallListKey>(null, 10, 10), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ASearchIsTrimmedAndOrderedByRelevanceUnlessASortIsGiven()
    {
        await _handler.Handle(new ListCallsQuery(Q: "  +1555 "), CancellationToken.None);
        await _handler.Handle(new ListCallsQuery(Q: "refund", Sort: "newest"), CancellationToken.None);

        await _calls.Received(1).ListAsync(Admin, "+1555", CallListOrder.Relevance, Arg.Any<CallListFilter>(), Arg.Any<PageRequest<CallListKey>>(), Arg.Any<CancellationToken>());
        await _calls.Received(1).ListAsync(Admin, "refund", CallListOrder.Newest, Arg.Any<CallListFilter>(), Arg.Any<PageRequest<CallListKey>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task TheFirstPageCountsAndTheCursorCarriesTheTotalToTheNext()
    {
        var first = await _handler.Handle(new ListCallsQuery(Limit: 50), CancellationToken.None);

        first.Page.ShouldBe(1);
        first.PageSize.ShouldBe(50);
        first.Total.ShouldBe(1234);
        first.NextCursor.ShouldNotBeNull();

        var second = await _handler.Handle(new ListCallsQuery(Limit: 50, Cursor: first.NextCursor), CancellationToken.None);

        second.Total.ShouldBe(1234);
        second.Page.ShouldBeNull();
        await _calls.Received(1).CountAsync(Admin, null, Arg.Any<CallListFilter>(), Arg.Any<CancellationToken>());
        await _calls.Received(1).ListAsync(Admin, null, CallListOrder.Newest, Arg.Any<CallListFilter>(),
            new PageRequest<CallListKey>(LastRow, 0, 50), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task TheLastPageHasNoCursor()
    {
        _calls.ListAsync(default!, default, default, default!, default!, default)
            .ReturnsForAnyArgs(new PageSlice<CallListItemDto, CallListKey>([], null));

        (await _handler.Handle(new ListCallsQuery(), CancellationToken.None)).NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task TheFiltersReachTheRepositoryInUtc()
    {
        var from = DateTimeOffset.Parse("2026-12-01T10:00:00+02:00", CultureInfo.InvariantCulture);
        await _handler.Handle(new ListCallsQuery(Sort: "silence", MinSilence: 30, From: from, Direction: "outbound"), CancellationToken.None);

        await _calls.Received(1).ListAsync(Admin, null, CallListOrder.Silence,
            Arg.Is<CallListFilter>(f => f.MinSilenceSeconds == 30 && f.From == from && f.From!.Value.Offset == TimeSpan.Zero
                && f.Directions!.SequenceEqual(new[] { CallDirection.OutboundApi, CallDirection.OutboundDial })),
            Arg.Any<PageRequest<CallListKey>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ACursorOfAnotherFilterOrBusinessOrAChangedOneIsRefused()
    {
        var cursor = (await _handler.Handle(new ListCallsQuery(Q: "refund"), CancellationToken.None)).NextCursor!;

        await ShouldBeInvalid(new ListCallsQuery(Q: "refunds", Cursor: cursor));
        await ShouldBeInvalid(new ListCallsQuery(Q: "refund", Sort: "newest", Cursor: cursor));
        await ShouldBeInvalid(new ListCallsQuery(Q: "refund", Cursor: cursor + "x"));
        await ShouldBeInvalid(new ListCallsQuery(Q: "refund", Cursor: "not a cursor"));

        _viewer.GetAsync(Arg.Any<CancellationToken>()).Returns(Viewers.AdminOf(Guid.Parse("0195a000-0000-7000-8000-00000000000b")));
        await ShouldBeInvalid(new ListCallsQuery(Q: "refund", Cursor: cursor));
        await _calls.DidNotReceive().ListAsync(Arg.Any<Viewer>(), Arg.Any<string?>(), Arg.Any<CallListOrder>(), Arg.Any<CallListFilter>(),
            Arg.Is<PageRequest<CallListKey>>(p => p.After != null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task APageNumberBeyondTheFirstTenThousandRowsAsksForTheCursor()
    {
        await _handler.Handle(new ListCallsQuery(Page: 400, PageSize: 25), CancellationToken.None);

        var refused = await Should.ThrowAsync<RequestValidationException>(() => _handler.Handle(new ListCallsQuery(Page: 401, PageSize: 25), CancellationToken.None).AsTask());

        refused.Code.ShouldBe(Paging.UseCursorCode);
        refused.Errors.Keys.ShouldBe(["page"]);
    }

    [Theory]
    [InlineData("loudest", null, null, "Sort")]
    [InlineData("Silence", null, null, "Sort")]
    [InlineData(null, -1, null, "MinSilence")]
    [InlineData(null, 86_401, null, "MinSilence")]
    [InlineData(null, null, "sideways", "Direction")]
    public void AnUnknownOrderOrDirectionOrAnImpossibleSilenceIsRefused(string? sort, int? minSilence, string? direction, string field)
    {
        var result = new ListCallsQueryValidator().Validate(new ListCallsQuery(Sort: sort, MinSilence: minSilence, Direction: direction));

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(field);
    }

    [Fact]
    public void APageAndACursorTogetherOrAnEmptyTimeRangeAreRefused()
    {
        var validator = new ListCallsQueryValidator();
        validator.Validate(new ListCallsQuery(Page: 2, Cursor: "c")).Errors.ShouldHaveSingleItem().PropertyName.ShouldBe("Page");
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture);
        validator.Validate(new ListCallsQuery(From: at, To: at)).Errors.ShouldHaveSingleItem().PropertyName.ShouldBe("To");
    }

    private async Task ShouldBeInvalid(ListCallsQuery query) =>
        (await Should.ThrowAsync<RequestValidationException>(() => _handler.Handle(query, CancellationToken.None).AsTask()))
            .Code.ShouldBe(Paging.InvalidCursorCode);

    /// <summary>Seals nothing (the tests read what a cursor holds), but opens only what it made.</summary>
    private sealed class ReadableProtector : ITokenProtector
    {
        public string Protect(string payload) => "sealed:" + payload;

        public string? Unprotect(string token) => token.StartsWith("sealed:", StringComparison.Ordinal) && token.EndsWith('}') ? token[7..] : null;
    }
}
