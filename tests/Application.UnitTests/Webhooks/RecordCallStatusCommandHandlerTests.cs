using Recordings.Application.Common.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Testing;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using Recordings.Domain.Calls;

namespace Recordings.Application.UnitTests.Webhooks;

public sealed class RecordCallStatusCommandHandlerTests
{
    private const string Caller = "+15551230001";
    private const string Called = "+15551239999";

    private static readonly Guid CallerBusiness = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid CalledBusiness = Guid.Parse("0195a000-0000-7000-8000-00000000000b");

    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly IBusinessRepository _businesses = Substitute.For<IBusinessRepository>();
    private readonly IAccountDirectory _accounts = Substitute.For<IAccountDirectory>();
    private readonly IUnitOfWork _unitOfWork = TestData.PassThroughUnitOfWork();
    private readonly FakeTimeProvider _time = new(TestData.Start);
    private readonly ListLogger<RecordCallStatusCommandHandler> _logger = new();
    private readonly CallLog _call;
    private readonly RecordCallStatusCommandHandler _handler;

    public RecordCallStatusCommandHandlerTests()
    {
        _call = CallLog.Create(TestData.CallSid, TestData.AccountSid, TestData.Start);
        _calls.GetOrCreateForUpdateAsync(TestData.CallSid, TestData.AccountSid, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(_call);
        _businesses.FindOwnerOfNumberAsync(Caller, Arg.Any<CancellationToken>()).Returns(CallerBusiness);
        _businesses.FindOwnerOfNumberAsync(Called, Arg.Any<CancellationToken>()).Returns(CalledBusiness);
        _handler = new RecordCallStatusCommandHandler(_calls, _businesses, _accounts, _unitOfWork, _time, _logger);
        _accounts.FindByIdentitiesAsync(default, default!, default).ReturnsForAnyArgs([]);
        _calls.ListLegPartiesAsync(default!, default).ReturnsForAnyArgs([]);
    }

    private static RecordCallStatusCommand Command(
        string direction = "inbound",
        string status = "ringing",
        string? duration = null,
        string? timestamp = null,
        string from = Caller,
        string to = Called) =>
        new(TestData.CallSid, TestData.AccountSid, from, to, direction, status, duration, timestamp);

    private static readonly Guid Alice = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");
    private static readonly Guid Bob = Guid.Parse("0195a000-0000-7000-8000-0000000000b0");
    private const string LegSid = "CAfedcba9876543210fedcba9876543210";

    [Fact]
    public async Task ACallIsAttributedToTheAccountsOfItsBusinessWhoseIdentityIsAParty()
    {
        _accounts.FindByIdentitiesAsync(CalledBusiness, Arg.Is<IReadOnlyCollection<string>>(ids => ids.Contains(Caller) && ids.Contains(Called)),
            Arg.Any<CancellationToken>()).Returns([Alice]);

        await _handler.Handle(Command("inbound"), CancellationToken.None);

        _call.AgentIds.ShouldBe([Alice]);
    }

    [Fact]
    public async Task ACallIsAlsoAttributedByTheLegsHeardBeforeIt()
    {
        _calls.ListLegPartiesAsync(TestData.CallSid, Arg.Any<CancellationToken>()).Returns(["+15551239999", "client:bob"]);
        _accounts.FindByIdentitiesAsync(CalledBusiness, Arg.Is<IReadOnlyCollection<string>>(ids => ids.Contains("client:bob")), Arg.Any<CancellationToken>())
            .Returns([Bob]);

        await _handler.Handle(Command("inbound"), CancellationToken.None);

        _call.AgentIds.ShouldBe([Bob]);
    }

    [Fact]
    public async Task ACallWithoutABusinessIsAttributedToNobody()
    {
        await _handler.Handle(Command("inbound", to: "+15550000000"), CancellationToken.None);

        _call.AgentIds.ShouldBeEmpty();
        await _accounts.DidNotReceiveWithAnyArgs().FindByIdentitiesAsync(default, default!, default);
    }

    [Fact]
    public async Task ALegIsKeptWithoutABusinessAndAttributesItsParentInTheParentsBusinessOnly()
    {
        var parent = CallLog.Create(TestData.CallSid, TestData.AccountSid, TestData.Start);
        parent.ApplyStatus(new CallStatusReport(Caller, Called, CallDirection.Inbound, CallStatus.InProgress, null, null), CalledBusiness, TestData.Start);
        var leg = CallLog.Create(LegSid, TestData.AccountSid, TestData.Start);
        _calls.GetOrCreateForUpdateAsync(LegSid, TestData.AccountSid, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(leg);
        _calls.FindForUpdateAsync(TestData.CallSid, Arg.Any<CancellationToken>()).Returns(parent);
        _accounts.FindByIdentitiesAsync(CalledBusiness, Arg.Is<IReadOnlyCollection<string>>(ids => ids.Contains("client:alice")), Arg.Any<CancellationToken>())
            .Returns([Alice]);

        // Twilio's dial to an agent: from the business's number (a business of its own, here) to the agent's client.
        await _handler.Handle(new RecordCallStatusCommand(LegSid, TestData.AccountSid, Caller, "client:alice", "outbound-dial", "completed", "30",
            null, TestData.CallSid), CancellationToken.None);

        leg.BusinessId.ShouldBeNull();
        leg.ParentCallSid.ShouldBe(TestData.CallSid);
        parent.AgentIds.ShouldBe([Alice]);
        await _accounts.DidNotReceive().FindByIdentitiesAsync(CallerBusiness, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>());
        await _businesses.DidNotReceiveWithAnyArgs().FindOwnerOfNumberAsync(default!, default);
    }

    [Fact]
    public async Task ALegOfAParentNotHeardOfYetAttributesNothingYet()
    {
        var leg = CallLog.Create(LegSid, TestData.AccountSid, TestData.Start);
        _calls.GetOrCreateForUpdateAsync(LegSid, TestData.AccountSid, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(leg);

        await _handler.Handle(new RecordCallStatusCommand(LegSid, TestData.AccountSid, Caller, "client:alice", "outbound-dial", "ringing", null,
            null, TestData.CallSid), CancellationToken.None);

        leg.ParentCallSid.ShouldBe(TestData.CallSid);
        await _accounts.DidNotReceiveWithAnyArgs().FindByIdentitiesAsync(default, default!, default);
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task InboundCallBelongsToTheOwnerOfTheCalledNumber()
    {
        await _handler.Handle(Command("inbound"), CancellationToken.None);

        _call.BusinessId.ShouldBe(CalledBusiness);
    }

    [Theory]
    [InlineData("outbound-api")]
    [InlineData("outbound-dial")]
    public async Task OutboundCallBelongsToTheOwnerOfTheCallingNumber(string direction)
    {
        await _handler.Handle(Command(direction), CancellationToken.None);

        _call.BusinessId.ShouldBe(CallerBusiness);
        _call.Direction.ShouldBe(TwilioNames.ParseDirection(direction));
    }

    [Fact]
    public async Task CallOnANumberNoBusinessOwnsIsKeptWithoutABusinessAndLogged()
    {
        await _handler.Handle(Command("inbound", to: "+15550000000"), CancellationToken.None);

        _call.BusinessId.ShouldBeNull();
        _call.From.ShouldBe(Caller);
        _call.To.ShouldBe("+15550000000");
        _call.Status.ShouldBe(CallStatus.Ringing);
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        _logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("+15550000000"));
    }

    [Fact]
    public async Task AppliesTheReportToTheCallWithThisSid()
    {
        _time.Advance(TimeSpan.FromMinutes(2));

        await _handler.Handle(
            Command("inbound", "completed", duration: "30", timestamp: "Sun, 01 Mar 2026 09:31:00 +0000"), CancellationToken.None);

        await _calls.Received(1).GetOrCreateForUpdateAsync(
            TestData.CallSid, TestData.AccountSid, TestData.Start.AddMinutes(2), Arg.Any<CancellationToken>());
        _call.Status.ShouldBe(CallStatus.Completed);
        _call.DurationSeconds.ShouldBe(30);
        _call.StartedAt.ShouldBe(TestData.Start.AddSeconds(30));
        _call.UpdatedAt.ShouldBe(TestData.Start.AddMinutes(2));
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task WorksInsideOneTransaction()
    {
        await _handler.Handle(Command(), CancellationToken.None);

        await _unitOfWork.Received(1).InTransactionAsync(Arg.Any<Func<CancellationToken, Task<bool>>>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("in-progress", null, null)]
    [InlineData("in-progress", null, "Sun, 01 Mar 2026 09:30:05 +0000")]
    [InlineData("completed", "30", "Sun, 01 Mar 2026 09:31:00 +0000")]
    public async Task ARepeatedReportSavesNothing(string status, string? duration, string? timestamp)
    {
        var command = Command("inbound", status, duration, timestamp);
        await _handler.Handle(command, CancellationToken.None);
        _unitOfWork.ClearReceivedCalls();
        _time.Advance(TimeSpan.FromMinutes(1));

        await _handler.Handle(command, CancellationToken.None);

        await _unitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnOlderStatusArrivingLateSavesNothing()
    {
        await _handler.Handle(Command(status: "in-progress"), CancellationToken.None);
        _unitOfWork.ClearReceivedCalls();
        _time.Advance(TimeSpan.FromMinutes(1));

        await _handler.Handle(Command(status: "ringing"), CancellationToken.None);

        _call.Status.ShouldBe(CallStatus.InProgress);
        await _unitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}
