using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Reconciliation;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Reconciliation;

public sealed class ReconcileRecordingsCommandHandlerTests
{
    private readonly ITwilioRestApi _twilio = Substitute.For<ITwilioRestApi>();
    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly ISender _sender = Substitute.For<ISender>();
    private readonly IReconciliationReports _reports = Substitute.For<IReconciliationReports>();
    private readonly FakeTimeProvider _time = new(Start);

    public ReconcileRecordingsCommandHandlerTests()
    {
        _twilio.AccountSid.Returns(AccountSid);
        _twilio.RecordingUrl(Arg.Any<string>()).Returns(ci => $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{ci.Arg<string>()}");
    }

    private Task<ReconciliationReport> Reconcile() =>
        new ReconcileRecordingsCommandHandler(_twilio, _calls, _sender, _reports,
                Options.Create(new ReconciliationOptions { ReconcileLookback = TimeSpan.FromDays(2) }), _time,
                NullLogger<ReconcileRecordingsCommandHandler>.Instance)
            .Handle(new ReconcileRecordingsCommand(), CancellationToken.None).AsTask();

    private void Lists(params TwilioRecordingListing[] recordings) =>
        _twilio.ListRecordingsAsync(Arg.Any<DateOnly>(), Arg.Any<CancellationToken>()).Returns(recordings.ToAsyncEnumerable());

    private static TwilioRecordingListing Listed(string recordingSid = RecordingSid, string status = "completed") =>
        new(recordingSid, CallSid, status, 31, 1, "RecordVerb", Start);

    private static CallLog KnownCall(string? recordingSid = null)
    {
        var call = CallLog.Create(CallSid, AccountSid, Start);
        if (recordingSid is not null)
        {
            call.AttachRecording(recordingSid, TwilioRecordingUrl, 31, 1, Start);
        }

        return call;
    }

    [Fact]
    public async Task OnlyTheLookbackIsListedAndOnlyCompletedRecordingsAreImported()
    {
        Lists(Listed(status: "processing"), Listed(OtherRecordingSid, status: "absent"));

        var report = await Reconcile();

        report.Listed.ShouldBe(2);
        report.Backfilled.ShouldBe(0);
        _twilio.Received(1).ListRecordingsAsync(DateOnly.FromDateTime(Start.AddDays(-2).UtcDateTime), Arg.Any<CancellationToken>());
        await _sender.DidNotReceiveWithAnyArgs().Send(Arg.Any<RecordRecordingStatusCommand>(), default);
    }

    [Fact]
    public async Task AKnownRecordingIsLeftAlone()
    {
        Lists(Listed());
        _calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(KnownCall(RecordingSid));

        (await Reconcile()).Backfilled.ShouldBe(0);

        await _sender.DidNotReceiveWithAnyArgs().Send(Arg.Any<RecordRecordingStatusCommand>(), default);
    }

    [Fact]
    public async Task ALostCallbackOfAKnownCallIsReplayedWithoutAskingForTheCall()
    {
        Lists(Listed());
        _calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(KnownCall());

        (await Reconcile()).Backfilled.ShouldBe(1);

        await _twilio.DidNotReceiveWithAnyArgs().FetchCallAsync(default!, default);
        await _sender.Received(1).Send(new RecordRecordingStatusCommand(AccountSid, CallSid, RecordingSid,
            $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}", "completed", "31", "1", "RecordVerb", Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnUnknownCallIsFetchedAndRecordedLikeItsCallback()
    {
        Lists(Listed());
        _twilio.FetchCallAsync(CallSid, Arg.Any<CancellationToken>())
            .Returns(new TwilioCallDetails(CallSid, "+15550001111", "+15551230001", "inbound", "completed", 60, Start));

        await Reconcile();

        await _sender.Received(1).Send(new RecordCallStatusCommand(CallSid, AccountSid, "+15550001111", "+15551230001", "inbound", "completed",
            "60", Start.AddSeconds(60).ToString("O", System.Globalization.CultureInfo.InvariantCulture)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnotherRecordingOfAKnownCallIsBackfilledBesideTheFirst()
    {
        Lists(Listed(OtherRecordingSid));
        _calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(KnownCall(RecordingSid));

        var report = await Reconcile();

        report.Backfilled.ShouldBe(1);
        report.Errors.ShouldBeEmpty();
        await _sender.Received(1).Send(Arg.Is<RecordRecordingStatusCommand>(c => c.RecordingSid == OtherRecordingSid), Arg.Any<CancellationToken>());
        await _twilio.DidNotReceiveWithAnyArgs().FetchCallAsync(default!, default);
    }

    [Fact]
    public async Task OneRecordingTwilioFailsOnDoesNotStopTheOthersAndErrorsAreCapped()
    {
        var listed = Enumerable.Range(0, 30).Select(i => Listed($"RE{i:x32}") with { CallSid = $"CA{i:x32}" }).ToArray();
        Lists(listed);
        _twilio.FetchCallAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns<TwilioCallDetails?>(_ => throw new TwilioApiException(503, "Twilio answered 503"));

        var report = await Reconcile();

        report.Listed.ShouldBe(30);
        report.Errors.Count.ShouldBe(ReconcileRecordingsCommandHandler.MaxErrors);
        report.Errors[^1].ShouldBe("... and 11 more.");
        await _reports.Received(1).AddAsync(report, Arg.Any<CancellationToken>());
    }
}
