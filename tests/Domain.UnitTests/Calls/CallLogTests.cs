using Microsoft.Extensions.Time.Testing;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Calls;

public sealed class CallLogTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string OtherRecordingSid = "REfedcba9876543210fedcba9876543210";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private const string OtherRecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + OtherRecordingSid;
    private const string Caller = "+15551230001";
    private const string Business = "+15551239999";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid BusinessA = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid BusinessB = Guid.Parse("0195a000-0000-7000-8000-00000000000b");

    private readonly FakeTimeProvider _time = new(Start);

    private DateTimeOffset Now => _time.GetUtcNow();

    private CallLog NewCall() => CallLog.Create(CallSid, AccountSid, Now);

    private static CallStatusReport Report(
        CallStatus status,
        int? duration = null,
        DateTimeOffset? timestamp = null,
        string from = Caller,
        string to = Business,
        CallDirection direction = CallDirection.Inbound) =>
        new(from, to, direction, status, duration, timestamp);

    // ---- Create

    [Fact]
    public void CreatesACallThatKnowsNothingYet()
    {
        var call = NewCall();

        call.CallSid.ShouldBe(CallSid);
        call.AccountSid.ShouldBe(AccountSid);
        call.CreatedAt.ShouldBe(Start);
        call.UpdatedAt.ShouldBe(Start);
        call.BusinessId.ShouldBeNull();
        call.From.ShouldBeNull();
        call.To.ShouldBeNull();
        call.Status.ShouldBe(CallStatus.Unknown);
        call.StartedAt.ShouldBeNull();
        call.DurationSeconds.ShouldBeNull();
        call.Recording.State.ShouldBe(RecordingState.Missing);
        call.Recording.RecordingSid.ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(RecordingSid)]
    [InlineData(AccountSid)]
    [InlineData("CA0123456789abcdef0123456789abcde")]
    [InlineData("CA0123456789abcdef0123456789abcdefa")]
    [InlineData("CA0123456789abcdef0123456789abcdeg")]
    [InlineData(null)]
    public void CreateRejectsAnInvalidCallSid(string? callSid)
    {
        var ex = Should.Throw<DomainRuleException>(() => CallLog.Create(callSid!, AccountSid, Now));

        ex.Code.ShouldBe("invalid_call");
    }

    [Theory]
    [InlineData("")]
    [InlineData(CallSid)]
    [InlineData("AC0123456789abcdef0123456789abcde")]
    [InlineData("ac0123456789abcdef0123456789abcdef")]
    [InlineData(null)]
    public void CreateRejectsAnInvalidAccountSid(string? accountSid)
    {
        var ex = Should.Throw<DomainRuleException>(() => CallLog.Create(CallSid, accountSid!, Now));

        ex.Code.ShouldBe("invalid_call");
    }

    // ---- ApplyStatus: absurd times

    [Theory]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void ADurationReachingBeforeTheCalendarStartsDoesNotOverflow(int duration)
    {
        var call = NewCall();

        var changed = call.ApplyStatus(Report(CallStatus.Completed, duration, DateTimeOffset.MinValue), null, Now);

        changed.ShouldBeTrue();
        call.StartedAt.ShouldBe(DateTimeOffset.MinValue);
        call.DurationSeconds.ShouldBe(duration);
    }

    [Fact]
    public void TheLongestDurationFromTheLatestTimeStillGivesAStart()
    {
        var call = NewCall();

        call.ApplyStatus(Report(CallStatus.Completed, int.MaxValue, DateTimeOffset.MaxValue), null, Now);

        call.StartedAt.ShouldBe(DateTimeOffset.MaxValue.AddSeconds(-int.MaxValue));
    }

    // ---- ApplyStatus: parties and business

    [Fact]
    public void FirstReportSetsThePartiesAndDirection()
    {
        var call = NewCall();
        _time.Advance(TimeSpan.FromSeconds(5));

        var changed = call.ApplyStatus(
            Report(CallStatus.Ringing, from: "+15551230001", to: "+15551230002", direction: CallDirection.OutboundApi), null, Now);

        changed.ShouldBeTrue();
        call.From.ShouldBe("+15551230001");
        call.To.ShouldBe("+15551230002");
        call.Direction.ShouldBe(CallDirection.OutboundApi);
        call.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void LaterReportsDoNotReplaceTheParties()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Ringing, from: "+15551230001", to: "+15551230002"), null, Now);

        call.ApplyStatus(
            Report(CallStatus.InProgress, from: "+15559990001", to: "+15559990002", direction: CallDirection.OutboundDial), null, Now);

        call.From.ShouldBe("+15551230001");
        call.To.ShouldBe("+15551230002");
        call.Direction.ShouldBe(CallDirection.Inbound);
    }

    [Fact]
    public void BusinessIsSetByTheFirstReportThatKnowsIt()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Ringing), null, Now);
        call.BusinessId.ShouldBeNull();

        var changed = call.ApplyStatus(Report(CallStatus.Ringing), BusinessA, Now);

        changed.ShouldBeTrue();
        call.BusinessId.ShouldBe(BusinessA);
    }

    [Fact]
    public void BusinessIsNeverReplaced()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Ringing), BusinessA, Now);

        call.ApplyStatus(Report(CallStatus.InProgress), BusinessB, Now);
        call.ApplyStatus(Report(CallStatus.Completed, 10), null, Now);

        call.BusinessId.ShouldBe(BusinessA);
    }

    // ---- ApplyStatus: status

    [Fact]
    public void StatusAdvancesThroughTheLifecycle()
    {
        var call = NewCall();

        foreach (var status in new[] { CallStatus.Queued, CallStatus.Initiated, CallStatus.Ringing, CallStatus.InProgress, CallStatus.Completed })
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            call.ApplyStatus(Report(status), null, Now).ShouldBeTrue();
            call.Status.ShouldBe(status);
            call.UpdatedAt.ShouldBe(Now);
        }
    }

    [Fact]
    public void StatusNeverMovesBackwards()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.InProgress), null, Now);
        _time.Advance(TimeSpan.FromSeconds(1));

        var changed = call.ApplyStatus(Report(CallStatus.Ringing), null, Now);

        call.Status.ShouldBe(CallStatus.InProgress);
        changed.ShouldBeFalse();
    }

    [Fact]
    public void AnIntermediateStatusMaySkipAhead()
    {
        var call = NewCall();

        call.ApplyStatus(Report(CallStatus.Completed, 12), null, Now);

        call.Status.ShouldBe(CallStatus.Completed);
    }

    public static TheoryData<CallStatus, CallStatus> FinalThenOther()
    {
        var data = new TheoryData<CallStatus, CallStatus>();
        var statuses = Enum.GetValues<CallStatus>().Where(s => s != CallStatus.Unknown).ToArray();
        foreach (var final in statuses.Where(s => s.IsFinal()))
        {
            foreach (var later in statuses.Where(s => s != final))
            {
                data.Add(final, later);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FinalThenOther))]
    public void StatusNeverLeavesAFinalStatus(CallStatus final, CallStatus later)
    {
        var call = NewCall();
        call.ApplyStatus(Report(final), null, Now);
        _time.Advance(TimeSpan.FromSeconds(1));

        call.ApplyStatus(Report(later), null, Now);

        call.Status.ShouldBe(final);
    }

    // ---- ApplyStatus: duration and start

    [Theory]
    [InlineData(CallStatus.Ringing)]
    [InlineData(CallStatus.InProgress)]
    public void DurationIsNotTakenFromANonFinalStatus(CallStatus status)
    {
        var call = NewCall();

        call.ApplyStatus(Report(status, duration: 17), null, Now);

        call.DurationSeconds.ShouldBeNull();
    }

    [Theory]
    [InlineData(CallStatus.Completed)]
    [InlineData(CallStatus.Busy)]
    [InlineData(CallStatus.NoAnswer)]
    [InlineData(CallStatus.Canceled)]
    [InlineData(CallStatus.Failed)]
    public void DurationIsTakenFromAFinalStatus(CallStatus status)
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.InProgress, duration: 17), null, Now);

        call.ApplyStatus(Report(status, duration: 42), null, Now);

        call.DurationSeconds.ShouldBe(42);
    }

    [Fact]
    public void ALaterDifferentFinalStatusDoesNotRewriteTheDuration()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Completed, duration: 42), null, Now);

        call.ApplyStatus(Report(CallStatus.Failed, duration: 3), null, Now);

        call.Status.ShouldBe(CallStatus.Completed);
        call.DurationSeconds.ShouldBe(42);
    }

    [Fact]
    public void StartIsTheTimestampMinusTheDurationForAFinalReport()
    {
        var call = NewCall();
        var endedAt = Start.AddMinutes(10);
        _time.Advance(TimeSpan.FromMinutes(11));

        call.ApplyStatus(Report(CallStatus.Completed, duration: 90, timestamp: endedAt), null, Now);

        call.StartedAt.ShouldBe(endedAt.AddSeconds(-90));
    }

    [Fact]
    public void StartIsTheTimestampOfANonFinalReport()
    {
        var call = NewCall();
        var ringingAt = Start.AddSeconds(-3);

        call.ApplyStatus(Report(CallStatus.Ringing, duration: 90, timestamp: ringingAt), null, Now);

        call.StartedAt.ShouldBe(ringingAt);
    }

    [Fact]
    public void StartIsWhenTheReportArrivedWhenItHasNoTimestamp()
    {
        var call = NewCall();
        _time.Advance(TimeSpan.FromSeconds(7));

        call.ApplyStatus(Report(CallStatus.Ringing), null, Now);

        call.StartedAt.ShouldBe(Now);
    }

    [Fact]
    public void EarliestStartIsKeptWhenALaterReportFollows()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Ringing, timestamp: Start), null, Now);

        // Answered 20 s after ringing, talked 30 s: the final report implies a start of Start + 20 s.
        call.ApplyStatus(Report(CallStatus.Completed, duration: 30, timestamp: Start.AddSeconds(50)), null, Now);

        call.StartedAt.ShouldBe(Start);
    }

    [Fact]
    public void EarliestStartIsKeptWhenReportsArriveOutOfOrder()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Completed, duration: 30, timestamp: Start.AddSeconds(50)), null, Now);
        call.StartedAt.ShouldBe(Start.AddSeconds(20));

        var changed = call.ApplyStatus(Report(CallStatus.Ringing, timestamp: Start), null, Now);

        changed.ShouldBeTrue();
        call.StartedAt.ShouldBe(Start);
        call.Status.ShouldBe(CallStatus.Completed);
        call.DurationSeconds.ShouldBe(30);
    }

    // ---- ApplyStatus: repeats

    public static TheoryData<CallStatusReport> Reports() => new()
    {
        Report(CallStatus.Ringing),
        Report(CallStatus.Ringing, timestamp: Start.AddSeconds(-2)),
        Report(CallStatus.InProgress, duration: 5, timestamp: Start),
        Report(CallStatus.Completed, duration: 30, timestamp: Start.AddSeconds(31)),
        Report(CallStatus.NoAnswer, duration: 0),
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void ARepeatedReportChangesNothing(CallStatusReport report)
    {
        var call = NewCall();
        call.ApplyStatus(report, BusinessA, Now).ShouldBeTrue();
        var updatedAt = call.UpdatedAt;
        var before = Snapshot(call);
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = call.ApplyStatus(report, BusinessA, Now);

        changed.ShouldBeFalse();
        call.UpdatedAt.ShouldBe(updatedAt);
        Snapshot(call).ShouldBe(before);
    }

    [Fact]
    public void AReportThatChangesSomethingMovesUpdatedAt()
    {
        var call = NewCall();
        call.ApplyStatus(Report(CallStatus.Ringing), null, Now);
        _time.Advance(TimeSpan.FromMinutes(1));

        call.ApplyStatus(Report(CallStatus.InProgress), null, Now);

        call.UpdatedAt.ShouldBe(Now);
        call.CreatedAt.ShouldBe(Start);
    }

    // ---- AttachRecording

    [Fact]
    public void AttachingACompletedRecordingMakesItRemote()
    {
        var call = NewCall();
        _time.Advance(TimeSpan.FromSeconds(30));

        var changed = call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);

        changed.ShouldBeTrue();
        call.Recording.State.ShouldBe(RecordingState.Remote);
        call.Recording.RecordingSid.ShouldBe(RecordingSid);
        call.Recording.RecordingUrl.ShouldBe(RecordingUrl);
        call.Recording.DurationSeconds.ShouldBe(31);
        call.Recording.Channels.ShouldBe(2);
        call.Recording.CompletedAt.ShouldBe(Now);
        call.Recording.Error.ShouldBeNull();
        call.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void AttachingTheSameRecordingAgainChangesNothing()
    {
        var call = NewCall();
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);
        var attachedAt = Now;
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);

        changed.ShouldBeFalse();
        call.UpdatedAt.ShouldBe(attachedAt);
        call.Recording.CompletedAt.ShouldBe(attachedAt);
        call.Recording.State.ShouldBe(RecordingState.Remote);
    }

    [Fact]
    public void ASecondRecordingIsKeptBesideTheFirstWithItsOwnState()
    {
        var call = NewCall();
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = call.AttachRecording(OtherRecordingSid, OtherRecordingUrl, 5, 1, Now);

        changed.ShouldBeTrue();
        call.Recordings.Select(r => r.RecordingSid).ShouldBe([RecordingSid, OtherRecordingSid]);
        call.Recording.RecordingSid.ShouldBe(RecordingSid, "the first recording stays the call's recording");
        call.RecordingFor(OtherRecordingSid)!.DurationSeconds.ShouldBe(5);
        call.RecordingFor(OtherRecordingSid)!.State.ShouldBe(RecordingState.Remote);
        call.RecordingFor("REffffffffffffffffffffffffffffffff").ShouldBeNull();
    }

    [Fact]
    public void RecordingsAreInStartOrderAndALateEarlierOneBecomesTheFirst()
    {
        var call = NewCall();
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now, startedAt: Start.AddMinutes(2));
        call.TakeDomainEvents();

        // A recording that started earlier, whose callback was lost and which reconciliation brings in later.
        call.AttachRecording(OtherRecordingSid, OtherRecordingUrl, 5, 1, Now, startedAt: Start);

        call.RecordingsInOrder.Select(r => r.RecordingSid).ShouldBe([OtherRecordingSid, RecordingSid]);
        call.Recording.RecordingSid.ShouldBe(OtherRecordingSid);
        call.DomainEvents.ShouldBe([new RecordingFileGone(CallSid, null)], "nodes forget which recording they remembered as the first");
    }

    [Fact]
    public void TheFirstRecordingIsTheFirstThatTwilioDidNotReportAbsent()
    {
        var call = NewCall();
        call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now);
        call.AttachRecording(OtherRecordingSid, OtherRecordingUrl, 5, 1, Now);

        call.Recording.RecordingSid.ShouldBe(OtherRecordingSid);
        call.RecordingFor(RecordingSid)!.State.ShouldBe(RecordingState.Missing);
        call.Recordings.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData(CallSid)]
    [InlineData("RE0123456789abcdef0123456789abcde")]
    public void AttachingRejectsAnInvalidRecordingSid(string recordingSid)
    {
        var call = NewCall();

        var ex = Should.Throw<DomainRuleException>(() => call.AttachRecording(recordingSid, RecordingUrl, 31, 2, Now));

        ex.Code.ShouldBe("invalid_recording");
        call.Recording.State.ShouldBe(RecordingState.Missing);
    }

    [Theory]
    [InlineData(RecordingSid)]
    [InlineData(OtherRecordingSid)]
    public void ACompletedRecordingAttachesAfterAnAbsentOne(string completedSid)
    {
        var call = NewCall();
        call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now);
        _time.Advance(TimeSpan.FromMinutes(1));
        var url = completedSid == RecordingSid ? RecordingUrl : OtherRecordingUrl;

        var changed = call.AttachRecording(completedSid, url, 12, 1, Now);

        changed.ShouldBeTrue();
        call.Recording.State.ShouldBe(RecordingState.Remote);
        call.Recording.RecordingSid.ShouldBe(completedSid);
        call.Recording.RecordingUrl.ShouldBe(url);
        call.Recording.Error.ShouldBeNull();
        call.UpdatedAt.ShouldBe(Now);
    }

    // ---- MarkRecordingAbsent

    [Fact]
    public void AbsentRecordingIsMissingWithTheReason()
    {
        var call = NewCall();
        _time.Advance(TimeSpan.FromSeconds(3));

        var changed = call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording failed.", Now);

        changed.ShouldBeTrue();
        call.Recording.State.ShouldBe(RecordingState.Missing);
        call.Recording.Error.ShouldBe("Twilio reported the recording failed.");
        call.Recording.RecordingSid.ShouldBe(RecordingSid);
        call.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void AnAbsentReportForTheAttachedRecordingMakesItMissing()
    {
        var call = NewCall();
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);

        var changed = call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now);

        changed.ShouldBeTrue();
        call.Recording.State.ShouldBe(RecordingState.Missing);
        call.Recording.Error.ShouldBe("Twilio reported the recording absent.");
    }

    [Fact]
    public void AnAbsentReportForAnotherRecordingDoesNotRemoveTheAttachedOne()
    {
        var call = NewCall();
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 2, Now);

        call.MarkRecordingAbsent(OtherRecordingSid, "Twilio reported the recording absent.", Now);

        call.Recording.State.ShouldBe(RecordingState.Remote);
        call.Recording.RecordingSid.ShouldBe(RecordingSid);
        call.Recording.RecordingUrl.ShouldBe(RecordingUrl);
        call.Recording.Error.ShouldBeNull();
        call.RecordingFor(OtherRecordingSid)!.State.ShouldBe(RecordingState.Missing);
    }

    [Fact]
    public void MarkingAbsentTwiceChangesNothingTheSecondTime()
    {
        var call = NewCall();
        call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now).ShouldBeTrue();
        var updatedAt = Now;
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now);

        changed.ShouldBeFalse();
        call.UpdatedAt.ShouldBe(updatedAt);
        call.Recording.State.ShouldBe(RecordingState.Missing);
    }

    private static string Snapshot(CallLog call) =>
        string.Join('|', call.BusinessId, call.From, call.To, call.Direction, call.Status, call.StartedAt?.ToString("O"), call.DurationSeconds);
}
