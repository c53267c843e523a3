using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>The download's state machine: remote -> queued -> downloading -> ready | failed | missing.</summary>
public sealed class RecordingDownloadTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string Url = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static CallLog Remote()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, Url, 31, 1, Now);
        return call;
    }

    private static CallLog Downloading()
    {
        var call = Remote();
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        return call;
    }

    private static CallLog OnlyCopy()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);
        call.MarkTwilioCopyDeleted(RecordingSid, Now.AddSeconds(5)).ShouldBeTrue();
        call.TakeDomainEvents();
        return call;
    }

    [Fact]
    public void TwilioCopyIsDeletedOnlyFromAReadyRecordingAndOnce()
    {
        var remote = Remote();
        remote.MarkTwilioCopyDeleted(RecordingSid, Now).ShouldBeFalse("never before ours is stored");
        remote.Recording.AtTwilio.ShouldBeTrue();

        var call = OnlyCopy();

        call.Recording.AtTwilio.ShouldBeFalse();
        call.Recording.TwilioCopyDeletedAt.ShouldBe(Now.AddSeconds(5));
        call.MarkTwilioCopyDeleted(RecordingSid, Now.AddSeconds(9)).ShouldBeFalse();
    }

    [Fact]
    public void ALostOnlyCopyFailsWithAnErrorThatSaysSoAndNothingQueuesADownload()
    {
        var call = OnlyCopy();

        call.MarkRecordingFileLost(RecordingSid, Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.OnlyCopyLost.ShouldBeTrue();
        call.Recording.Error.ShouldBe(Recording.OnlyCopyLostError);
        call.Recording.StorageKey.ShouldNotBeNull("kept, so that a restored file is recognised");
        call.DomainEvents.ShouldBe([new RecordingFileGone(CallSid, RecordingSid), new RecordingSettled(CallSid, RecordingSid, RecordingState.Failed)]);
        call.RequestRecordingDownload(RecordingSid, Now.AddMinutes(2)).ShouldBeFalse("Twilio has no copy to download");
        call.Recording.State.ShouldBe(RecordingState.Failed);
    }

    [Fact]
    public void ARestoredOnlyCopyIsReadyAgain()
    {
        var call = OnlyCopy();
        call.MarkRecordingFileLost(RecordingSid, Now.AddMinutes(1));

        call.MarkOnlyCopyFound(RecordingSid, Now.AddMinutes(3)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Ready);
        call.Recording.Error.ShouldBeNull();
        call.MarkOnlyCopyFound(RecordingSid, Now.AddMinutes(4)).ShouldBeFalse();
    }

    [Fact]
    public void ARemoteRecordingIsQueuedOnce()
    {
        var call = Remote();

        call.RequestRecordingDownload(RecordingSid, Now.AddSeconds(1)).ShouldBeTrue();
        call.RequestRecordingDownload(RecordingSid, Now.AddSeconds(2)).ShouldBeFalse();

        call.Recording.State.ShouldBe(RecordingState.Queued);
        call.Recording.DownloadQueuedAt.ShouldBe(Now.AddSeconds(1));
        call.Recording.IsPending.ShouldBeTrue();
    }

    [Fact]
    public void NeitherARunningNorAFinishedDownloadIsQueuedAgain()
    {
        var call = Downloading();
        call.RequestRecordingDownload(RecordingSid, Now).ShouldBeFalse();

        call.CompleteRecordingDownload(RecordingSid, 10, "ab", Now);
        call.RequestRecordingDownload(RecordingSid, Now).ShouldBeFalse();
        call.Recording.State.ShouldBe(RecordingState.Ready);
    }

    [Fact]
    public void ACallWithoutARecordingCannotBeQueued()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);

        Should.Throw<DomainRuleException>(() => call.RequestRecordingDownload(RecordingSid, Now)).Code.ShouldBe("recording_not_found");
    }

    [Fact]
    public void AFailedDownloadIsQueuedAgainWithItsErrorCleared()
    {
        var call = Downloading();
        call.FailRecordingDownload(RecordingSid, "Twilio answered 503.", Now);
        call.Recording.Error.ShouldBe("Twilio answered 503.");

        call.RequestRecordingDownload(RecordingSid, Now).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Queued);
        call.Recording.Error.ShouldBeNull();
    }

    [Fact]
    public void OnlyAQueuedOrInterruptedDownloadStarts()
    {
        Remote().StartRecordingDownload(RecordingSid, Now).ShouldBeFalse();

        var interrupted = Downloading();
        interrupted.RecordDownloadProgress(RecordingSid, 500, 1000, Now);
        interrupted.StartRecordingDownload(RecordingSid, Now).ShouldBeTrue();
        interrupted.Recording.BytesDownloaded.ShouldBe(0);
        interrupted.Recording.TotalBytes.ShouldBeNull();
    }

    [Fact]
    public void ProgressIsKeptOnlyWhileDownloading()
    {
        var call = Downloading();
        call.RecordDownloadProgress(RecordingSid, 120, 480, Now).ShouldBeTrue();
        call.Recording.BytesDownloaded.ShouldBe(120);
        call.Recording.TotalBytes.ShouldBe(480);

        call.CompleteRecordingDownload(RecordingSid, 480, "ab", Now);
        call.RecordDownloadProgress(RecordingSid, 1, 2, Now).ShouldBeFalse();
        call.Recording.BytesDownloaded.ShouldBe(480);
    }

    [Fact]
    public void ADownloadedRecordingKeepsItsHashSizeAndTime()
    {
        var call = Downloading();

        call.CompleteRecordingDownload(RecordingSid, 4096, "cafe", Now.AddSeconds(9)).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Ready);
        call.Recording.ContentSha256.ShouldBe("cafe");
        call.Recording.TotalBytes.ShouldBe(4096);
        call.Recording.StoredAt.ShouldBe(Now.AddSeconds(9));
        call.Recording.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void FinishingADownloadThatIsNotRunningIsRefused()
    {
        var call = Remote();

        Should.Throw<DomainRuleException>(() => call.CompleteRecordingDownload(RecordingSid, 1, "ab", Now)).Code.ShouldBe("invalid_recording_transition");
        Should.Throw<DomainRuleException>(() => call.FailRecordingDownload(RecordingSid, "x", Now));
        Should.Throw<DomainRuleException>(() => call.MarkRecordingGone(RecordingSid, "x", Now));
    }

    [Fact]
    public void ARecordingTwilioNoLongerHasIsMissing()
    {
        var call = Downloading();

        call.MarkRecordingGone(RecordingSid, "Twilio has no such recording (404).", Now);

        call.Recording.State.ShouldBe(RecordingState.Missing);
        call.Recording.Error.ShouldBe("Twilio has no such recording (404).");
    }

    [Fact]
    public void ALostFileSendsTheRecordingBackToTwilio()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 10, "ab", Now);

        call.MarkRecordingFileLost(RecordingSid, Now).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Remote);
        call.Recording.ContentSha256.ShouldBeNull();
        call.RequestRecordingDownload(RecordingSid, Now).ShouldBeTrue();
    }

    [Fact]
    public void ALateAbsentReportDoesNotTakeAwayARecordingBeingDownloaded()
    {
        var call = Downloading();

        call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Now).ShouldBeFalse();

        call.Recording.State.ShouldBe(RecordingState.Downloading);
    }

    [Fact]
    public void AFailedDownloadIsQueuedAgainOnItsOwnAFewTimesWhileTwilioHasIt()
    {
        var call = Downloading();
        call.FailRecordingDownload(RecordingSid, "Twilio answered 503 six times", Now);
        call.TakeDomainEvents();

        for (var retry = 1; retry <= Recording.MaxAutomaticRetries; retry++)
        {
            call.RetryFailedDownload(RecordingSid, Now).ShouldBeTrue();
            call.Recording.State.ShouldBe(RecordingState.Queued);
            call.Recording.AutomaticRetries.ShouldBe(retry);
            call.TakeDomainEvents().ShouldBe([new RecordingDownloadRequested(CallSid, RecordingSid)]);
            call.RetryFailedDownload(RecordingSid, Now).ShouldBeFalse("only a failed one");
            call.StartRecordingDownload(RecordingSid, Now);
            call.FailRecordingDownload(RecordingSid, "still down", Now);
            call.TakeDomainEvents();
        }

        call.RetryFailedDownload(RecordingSid, Now).ShouldBeFalse("a few times only: then it waits for someone to press Try again");
        call.RequestRecordingDownload(RecordingSid, Now).ShouldBeTrue("prepare still can");
        call.StartRecordingDownload(RecordingSid, Now);
        call.CompleteRecordingDownload(RecordingSid, 10, "ab", Now);
        call.Recording.AutomaticRetries.ShouldBe(0, "stored: a later failure gets its retries again");
        var lost = OnlyCopy();
        lost.MarkRecordingFileLost(RecordingSid, Now).ShouldBeTrue();
        lost.Recording.State.ShouldBe(RecordingState.Failed);
        lost.RetryFailedDownload(RecordingSid, Now).ShouldBeFalse("nothing to download once Twilio's copy is deleted");
    }
}
