using Recordings.Application.Common.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.UnitTests.Common;
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
        _handler = new RecordCallStatusCommandHandler(_calls, _businesses, _unitOfWork, _time, _logger);
    }

    private static RecordCallStatusCommand Command(
        string direction = "inbound",
        string status = "ringing",
        string? duration = null,
        string? timestamp = null,
        string from = Caller,
        string to = Called) =>
        new(TestData.CallSid, TestData.AccountSid, from, to, direction, status, duration, timestamp);

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
