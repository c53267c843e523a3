using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Reconciliation;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;
using Recordings.Testing;
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
        Knows();
    }

    private Task<ReconciliationReport> Reconcile(ILogger<ReconcileRecordingsCommandHandler>? logger = null) =>
        new ReconcileRecordingsCommandHandler(_twilio, _calls, _sender, _reports,
                Options.Create(new ReconciliationOptions { ReconcileLookback = TimeSpan.FromDays(2), ReconcileOverlap = TimeSpan.FromMinutes(10) }), _time,
                logger ?? NullLogger<ReconcileRecordingsCommandHandler>.Instance)
            .Handle(new ReconcileRecordingsCommand(), CancellationToken.None).AsTask();

    /// <summary>Twilio lists these recordings, in pages of at most 100.</summary>
    private void Lists(params TwilioRecordingListing[] recordings) =>
        _twilio.ListRecordingPagesAsync(Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(_ => recordings.Chunk(100).Select(page => (IReadOnlyList<TwilioRecordingListing>)page).ToAsyncEnumerable());

    /// <summary>The database knows these recordings.</summary>
    private void Knows(params string[] recordingSids) =>
        _calls.FindKnownRecordingSidsAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(ci => (IReadOnlySet<string>)ci.Arg<IReadOnlyCollection<string>>().Intersect(recordingSids).ToHashSet());

    private static TwilioRecordingListing Listed(string recordingSid = RecordingSid, string status = "completed") =>
        new(recordingSid, CallSid, status, 31, 1, "RecordVerb", Start, Start);

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
        report.Checked.ShouldBe(0);
        report.Backfilled.ShouldBe(0);
        _twilio.Received(1).ListRecordingPagesAsync(Start.AddDays(-2), Start, Arg.Any<CancellationToken>());
        await _sender.DidNotReceiveWithAnyArgs().Send(Arg.Any<RecordRecordingStatusCommand>(), default);
    }

    [Fact]
    public async Task TheRunIsLoggedWithEveryFigureFilledIn()
    {
        Lists(Listed(), Listed(OtherRecordingSid, status: "processing"));
        Knows(RecordingSid);
        var logger = new ListLogger<ReconcileRecordingsCommandHandler>();

        await Reconcile(logger);

        var run = logger.Entries.Where(entry => entry.Level >= LogLevel.Information).ShouldHaveSingleItem();
        run.Message.ShouldStartWith("Reconciliation run: 2 listed since ");
        run.Message.ShouldContain(", 1 checked, 0 missing, 0 queued (0 without a business), 0 error(s);");
        run.Message.ShouldNotContain("{");
        // Serilog renders the template from the properties, matching names exactly: each hole has its property.
        var holes = System.Text.RegularExpressions.Regex.Matches((string)run.Properties["{OriginalFormat}"]!, @"\{(\w+)[:}]")
            .Select(match => match.Groups[1].Value);
        holes.Except(run.Properties.Keys).ShouldBeEmpty();
    }

    [Fact]
    public async Task AKnownRecordingIsLeftAlone()
    {
        Lists(Listed());
        Knows(RecordingSid);

        var report = await Reconcile();

        (report.Checked, report.Missing, report.Backfilled).ShouldBe((1, 0, 0));
        await _calls.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
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

    [Fact]
    public async Task EachListedPageIsCheckedAgainstTheDatabaseInOneQuery()
    {
        var listed = Enumerable.Range(0, 250).Select(i => Listed($"RE{i:x32}")).ToArray();
        Lists(listed);
        Knows([.. listed.Select(r => r.RecordingSid)]);

        var report = await Reconcile();

        (report.Listed, report.Checked, report.Missing).ShouldBe((250, 250, 0));
        var lookups = _calls.ReceivedCalls().Where(c => c.GetMethodInfo().Name == nameof(ICallRepository.FindKnownRecordingSidsAsync))
            .Select(c => ((IReadOnlyCollection<string>)c.GetArguments()[0]!).Count).ToList();
        lookups.ShouldBe([100, 100, 50], "one query per page, with the page's SIDs");
        await _calls.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
    }

    [Fact]
    public async Task AFullRunMovesTheWatermarkToTheListingsUpperBoundAndTheNextRunListsFromItMinusTheOverlap()
    {
        Lists(Listed());
        Knows(RecordingSid);

        var first = await Reconcile();

        first.ListedFrom.ShouldBe(Start.AddDays(-2), "no watermark yet: the lookback");
        first.Watermark.ShouldBe(Start);
        await _reports.Received(1).AddAsync(Arg.Is<ReconciliationReport>(r => r.Watermark == Start && r.AccountSid == AccountSid), Arg.Any<CancellationToken>());

        _reports.WatermarkAsync(AccountSid, Arg.Any<CancellationToken>()).Returns(first.Watermark);
        _time.Advance(TimeSpan.FromMinutes(15.5));

        var second = await Reconcile();

        second.ListedFrom.ShouldBe(Start.AddMinutes(-10));
        second.Watermark.ShouldBe(Start.AddMinutes(15).AddSeconds(30));
        _twilio.Received(1).ListRecordingPagesAsync(Start.AddMinutes(-10), Start.AddMinutes(15).AddSeconds(30), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AListingThatFailsOnALaterPageDoesNotMoveTheWatermark()
    {
        var watermark = Start.AddHours(-1);
        _reports.WatermarkAsync(AccountSid, Arg.Any<CancellationToken>()).Returns(watermark);
        _twilio.ListRecordingPagesAsync(Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(_ => FirstPageThenFailure());
        Knows();
        _calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(KnownCall());

        var report = await Reconcile();

        report.Listed.ShouldBe(1);
        report.Backfilled.ShouldBe(1, "what was listed is still imported");
        report.Watermark.ShouldBe(watermark, "the range was not fully listed");
        report.Errors.ShouldHaveSingleItem().ShouldStartWith("Listing Twilio's recordings failed");

        static async IAsyncEnumerable<IReadOnlyList<TwilioRecordingListing>> FirstPageThenFailure()
        {
            yield return [Listed()];
            await Task.Yield();
            throw new TwilioApiException(503, "Twilio answered 503 listing recordings.");
        }
    }

    [Fact]
    public async Task ARecordingThatCouldNotBeQueuedHoldsTheWatermarkAtItsCreation()
    {
        var failing = Listed(OtherRecordingSid) with { CallSid = "CA" + new string('f', 32), DateCreated = Start.AddMinutes(-30).AddMilliseconds(400) };
        Lists(Listed(), failing);
        Knows(RecordingSid);
        _twilio.FetchCallAsync(failing.CallSid, Arg.Any<CancellationToken>()).Returns<TwilioCallDetails?>(_ => throw new TwilioApiException(503, "Twilio answered 503"));

        var report = await Reconcile();

        (report.Checked, report.Missing, report.Backfilled).ShouldBe((2, 1, 0));
        report.Watermark.ShouldBe(Start.AddMinutes(-30), "the next run lists the failed recording again");
    }
}
