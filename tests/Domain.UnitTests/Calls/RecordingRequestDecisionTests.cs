using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>
/// <see cref="CallLog.DecideRecordingRequest"/>: what a request of each recordings endpoint does now, for each state
/// of the recording and what storage said of its stored copy; and <see cref="CallLog.CarryOut"/>, the changes it asks for.
/// </summary>
public sealed class RecordingRequestDecisionTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private const RecordingRequest Prepare = RecordingRequest.Prepare;
    private const RecordingRequest File = RecordingRequest.File;
    private const RecordingRequest Status = RecordingRequest.Status;
    private const RecordingRequest Peaks = RecordingRequest.Peaks;

    private static CallLog NoRecording() => CallLog.Create(CallSid, AccountSid, Now);

    private static CallLog Remote()
    {
        var call = NoRecording();
        call.AttachRecording(RecordingSid, "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid, 31, 1, Now);
        return call;
    }

    private static CallLog Queued()
    {
        var call = Remote();
        call.RequestRecordingDownload(RecordingSid, Now);
        return call;
    }

    private static CallLog Downloading()
    {
        var call = Queued();
        call.StartRecordingDownload(RecordingSid, Now);
        return call;
    }

    private static CallLog Ready()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now.AddSeconds(3));
        call.TakeDomainEvents();
        return call;
    }

    private static CallLog Failed()
    {
        var call = Downloading();
        call.FailRecordingDownload(RecordingSid, "Twilio answered 503 six times.", Now);
        call.TakeDomainEvents();
        return call;
    }

    private static CallLog OnlyCopyLost()
    {
        var call = Ready();
        call.MarkTwilioCopyDeleted(RecordingSid, Now.AddSeconds(5));
        call.MarkRecordingFileLost(RecordingSid, Now.AddMinutes(1));
        call.TakeDomainEvents();
        return call;
    }

    private static CallLog Expired()
    {
        var call = Ready();
        call.ExpireRecording(RecordingSid, Now.AddDays(8));
        call.TakeDomainEvents();
        return call;
    }

    private static CallLog Absent()
    {
        var call = NoRecording();
        call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now);
        return call;
    }

    public static TheoryData<string, RecordingRequest, StoredCopy, RecordingVerdict> Rules => new()
    {
        // Queue when remote (prepare and file); reads ask nothing of Twilio.
        { nameof(Remote), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.Queue },
        { nameof(Remote), File, StoredCopy.NotLookedUp, RecordingVerdict.Queue },
        { nameof(Remote), Status, StoredCopy.NotLookedUp, RecordingVerdict.Unavailable },
        { nameof(Remote), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.Pending },
        // On its way: pending for everyone.
        { nameof(Queued), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.Pending },
        { nameof(Downloading), File, StoredCopy.NotLookedUp, RecordingVerdict.Pending },
        { nameof(Queued), Status, StoredCopy.NotLookedUp, RecordingVerdict.Pending },
        { nameof(Downloading), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.Pending },
        // Ready: prepare and file look the stored copy up; queue again when it is gone; reads look nothing up.
        { nameof(Ready), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.LookUpStoredCopy },
        { nameof(Ready), File, StoredCopy.NotLookedUp, RecordingVerdict.LookUpStoredCopy },
        { nameof(Ready), File, StoredCopy.Found, RecordingVerdict.Ready },
        { nameof(Ready), Prepare, StoredCopy.Gone, RecordingVerdict.StoredCopyGone },
        { nameof(Ready), File, StoredCopy.Gone, RecordingVerdict.StoredCopyGone },
        { nameof(Ready), Status, StoredCopy.NotLookedUp, RecordingVerdict.Ready },
        { nameof(Ready), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.Ready },
        // Retry a failure only on prepare.
        { nameof(Failed), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.Queue },
        { nameof(Failed), File, StoredCopy.NotLookedUp, RecordingVerdict.Failed },
        { nameof(Failed), Status, StoredCopy.NotLookedUp, RecordingVerdict.Failed },
        { nameof(Failed), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.Failed },
        // Restore a lost only copy (prepare looks whether it is back); nothing else can bring it back.
        { nameof(OnlyCopyLost), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.LookUpStoredCopy },
        { nameof(OnlyCopyLost), Prepare, StoredCopy.Found, RecordingVerdict.RestoreOnlyCopy },
        { nameof(OnlyCopyLost), Prepare, StoredCopy.Gone, RecordingVerdict.Failed },
        { nameof(OnlyCopyLost), File, StoredCopy.NotLookedUp, RecordingVerdict.Failed },
        { nameof(OnlyCopyLost), Status, StoredCopy.NotLookedUp, RecordingVerdict.Failed },
        // Refuse expired; the status says it.
        { nameof(Expired), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.Expired },
        { nameof(Expired), File, StoredCopy.NotLookedUp, RecordingVerdict.Expired },
        { nameof(Expired), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.Expired },
        { nameof(Expired), Status, StoredCopy.NotLookedUp, RecordingVerdict.Unavailable },
        // No recording: not found, but the status says so.
        { nameof(NoRecording), Prepare, StoredCopy.NotLookedUp, RecordingVerdict.NotFound },
        { nameof(Absent), File, StoredCopy.NotLookedUp, RecordingVerdict.NotFound },
        { nameof(Absent), Peaks, StoredCopy.NotLookedUp, RecordingVerdict.NotFound },
        { nameof(NoRecording), Status, StoredCopy.NotLookedUp, RecordingVerdict.Unavailable },
    };

    private static CallLog Call(string state)
    {
        var call = Build(state);
        call.TakeDomainEvents(); // stored: the unit of work took the events of the set-up
        return call;
    }

    private static CallLog Build(string state) => state switch
    {
        nameof(NoRecording) => NoRecording(),
        nameof(Remote) => Remote(),
        nameof(Queued) => Queued(),
        nameof(Downloading) => Downloading(),
        nameof(Ready) => Ready(),
        nameof(Failed) => Failed(),
        nameof(OnlyCopyLost) => OnlyCopyLost(),
        nameof(Expired) => Expired(),
        nameof(Absent) => Absent(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRequestDoesWhatTheRulesSayAndDecidingChangesNothing(string state, RecordingRequest request, StoredCopy storedCopy, RecordingVerdict expected)
    {
        var call = Call(state);
        var (before, updated) = (call.Recording.State, call.UpdatedAt);

        var decision = call.DecideRecordingRequest(null, request, storedCopy);

        decision.Verdict.ShouldBe(expected);
        call.Recording.State.ShouldBe(before);
        call.UpdatedAt.ShouldBe(updated);
        call.DomainEvents.OfType<RecordingDownloadRequested>().ShouldBeEmpty();
    }

    [Fact]
    public void AQueuedDownloadSaysWhy()
    {
        Remote().DecideRecordingRequest(RecordingSid, File).Reason.ShouldBe(QueueReason.Remote);
        Failed().DecideRecordingRequest(RecordingSid, Prepare).Reason.ShouldBe(QueueReason.RetryFailed);
        Ready().DecideRecordingRequest(RecordingSid, File, StoredCopy.Found).Reason.ShouldBeNull();
    }

    [Fact]
    public void ARecordingTheCallDoesNotHaveIsNotFoundEvenForTheStatus()
    {
        var decision = Ready().DecideRecordingRequest("RE" + new string('f', 32), Status);

        decision.ShouldBe(new RecordingDecision(RecordingVerdict.NotFound, null));
    }

    [Fact]
    public void CarryingOutAQueueRequestsOneDownload()
    {
        var call = Remote();

        call.CarryOut(call.DecideRecordingRequest(null, File), Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Queued);
        call.DomainEvents.OfType<RecordingDownloadRequested>().Count().ShouldBe(1);
        call.DecideRecordingRequest(null, File).Verdict.ShouldBe(RecordingVerdict.Pending);
    }

    [Fact]
    public void CarryingOutAGoneStoredCopyQueuesItAgain()
    {
        var call = Ready();

        call.CarryOut(call.DecideRecordingRequest(null, Prepare, StoredCopy.Gone), Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Queued);
        call.DomainEvents.ShouldBe([new RecordingFileGone(CallSid, RecordingSid), new RecordingDownloadRequested(CallSid, RecordingSid)]);
    }

    [Fact]
    public void CarryingOutAGoneOnlyCopyFailsTheRecordingWithTheSentenceThatSaysSo()
    {
        var call = Ready();
        call.MarkTwilioCopyDeleted(RecordingSid, Now.AddSeconds(5));

        call.CarryOut(call.DecideRecordingRequest(null, File, StoredCopy.Gone), Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.Error.ShouldBe(Recording.OnlyCopyLostError);
        call.DecideRecordingRequest(null, File).Verdict.ShouldBe(RecordingVerdict.Failed);
    }

    [Fact]
    public void CarryingOutARestoredOnlyCopyMakesItReadyAgain()
    {
        var call = OnlyCopyLost();

        call.CarryOut(call.DecideRecordingRequest(null, Prepare, StoredCopy.Found), Now.AddMinutes(2)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Ready);
        call.DecideRecordingRequest(null, File, StoredCopy.Found).Verdict.ShouldBe(RecordingVerdict.Ready);
    }

    [Fact]
    public void CarryingOutAnAnswerChangesNothing()
    {
        var call = Ready();

        call.CarryOut(call.DecideRecordingRequest(null, File, StoredCopy.Found), Now.AddMinutes(1)).ShouldBeFalse();

        call.Recording.State.ShouldBe(RecordingState.Ready);
    }

    [Fact]
    public void ADecisionTakenOnAnotherReadingOfTheCallIsRefused()
    {
        var decision = Remote().DecideRecordingRequest(null, File);

        Should.Throw<DomainRuleException>(() => Remote().CarryOut(decision, Now));
    }
}
