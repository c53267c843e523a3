using Recordings.Domain.Calls;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>
/// A pipeline step (transcription, analysis) reports a ready recording's stored copy gone from storage: downloaded again
/// while Twilio has it, failed as a lost only copy otherwise, and only for the copy the step looked for.
/// </summary>
public sealed class RecoverLostRecordingFileTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static string Url(string recordingSid) => "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + recordingSid;

    /// <summary>A call whose recording was stored 3 s after <see cref="Now"/>.</summary>
    private static CallLog Stored()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, Url(RecordingSid), 31, 1, Now);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now.AddSeconds(3));
        call.TakeDomainEvents();
        return call;
    }

    [Fact]
    public void AStepThatFindsTheStoredCopyGoneQueuesItsDownloadAgain()
    {
        var call = Stored();

        call.RecoverLostRecordingFile(RecordingSid, Now.AddSeconds(3), Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Queued);
        call.Recording.StorageKey.ShouldBeNull();
        call.DomainEvents.ShouldBe([new RecordingFileGone(CallSid, RecordingSid), new RecordingDownloadRequested(CallSid, RecordingSid)]);
    }

    [Fact]
    public void AStepThatFindsALostOnlyCopyFailsTheRecordingWithTheSentenceThatSaysSo()
    {
        var call = Stored();
        call.MarkTwilioCopyDeleted(RecordingSid, Now.AddSeconds(5)).ShouldBeTrue();

        call.RecoverLostRecordingFile(RecordingSid, Now.AddSeconds(3), Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.Error.ShouldBe(Recording.OnlyCopyLostError);
        call.DomainEvents.OfType<RecordingDownloadRequested>().ShouldBeEmpty("Twilio has no copy to download");
        call.DomainEvents.ShouldContain(new RecordingSettled(CallSid, RecordingSid, RecordingState.Failed));
    }

    [Fact]
    public void AReportAboutACopyThatIsNoLongerTheStoredOneChangesNothing()
    {
        var call = Stored();

        call.RecoverLostRecordingFile(RecordingSid, Now.AddSeconds(2), Now.AddMinutes(1)).ShouldBeFalse("stored again since the step looked");
        call.RecoverLostRecordingFile(RecordingSid, Now.AddSeconds(3), Now.AddMinutes(1)).ShouldBeTrue();
        call.RecoverLostRecordingFile(RecordingSid, Now.AddSeconds(3), Now.AddMinutes(2)).ShouldBeFalse("already on its way again");

        call.DomainEvents.OfType<RecordingDownloadRequested>().Count().ShouldBe(1);
    }
}
