using Recordings.Domain.Calls;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>The events a call raises as its recording goes through the pipeline: each exactly when its state comes about.</summary>
public sealed class CallEventsTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static CallLog AtTwilio()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, RecordingUrl, 31, 1, Now);
        return call;
    }

    private static CallLog Downloading(bool transcript)
    {
        var call = AtTwilio();
        call.RequestRecordingDownload(RecordingSid, Now);
        call.RequestTranscript(transcript, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.TakeDomainEvents();
        return call;
    }

    [Fact]
    public void QueuingADownloadRaisesItOnce()
    {
        var call = AtTwilio();

        call.RequestRecordingDownload(RecordingSid, Now);
        call.RequestRecordingDownload(RecordingSid, Now);

        call.DomainEvents.ShouldBe([new RecordingDownloadRequested(CallSid, RecordingSid)]);
    }

    [Fact]
    public void TakingTheEventsHandsThemOverOnce()
    {
        var call = AtTwilio();
        call.RequestRecordingDownload(RecordingSid, Now);

        call.TakeDomainEvents().ShouldBe([new RecordingDownloadRequested(CallSid, RecordingSid)]);

        call.DomainEvents.ShouldBeEmpty();
        call.TakeDomainEvents().ShouldBeEmpty();
    }

    [Fact]
    public void AStoredRecordingSettlesAndMakesAQueuedTranscriptDue()
    {
        var call = Downloading(transcript: true);

        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);

        call.DomainEvents.ShouldBe([
            new RecordingSettled(CallSid, RecordingSid, RecordingState.Ready), new RecordingStored(CallSid, RecordingSid), new TranscriptionDue(CallSid)]);
    }

    [Fact]
    public void AStoredRecordingWithoutATranscriptAskedForOnlySettlesAndIsStored()
    {
        var call = Downloading(transcript: false);

        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);

        call.DomainEvents.ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Ready), new RecordingStored(CallSid, RecordingSid)]);
    }

    [Fact]
    public void AFailedOrGoneDownloadSettlesWithItsState()
    {
        var failed = Downloading(transcript: true);
        var gone = Downloading(transcript: true);

        failed.FailRecordingDownload(RecordingSid, "Twilio answered 503 six times.", Now);
        gone.MarkRecordingGone(RecordingSid, "Twilio has no such recording.", Now);

        failed.DomainEvents.ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Failed)]);
        gone.DomainEvents.ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Missing)]);
    }

    [Fact]
    public void ATranscriptAskedForAfterTheDownloadIsDueAtOnce()
    {
        var late = AtTwilio();
        late.RequestRecordingDownload(RecordingSid, Now);
        late.StartRecordingDownload(RecordingSid, Now);
        late.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);
        late.TakeDomainEvents();

        late.RequestTranscript(enabled: true, Now);

        late.DomainEvents.ShouldBe([new TranscriptionDue(CallSid)]);
    }

    [Fact]
    public void ATranscriptAskedForBeforeTheDownloadIsNotDueYet()
    {
        var call = AtTwilio();

        call.RequestTranscript(enabled: true, Now);

        call.DomainEvents.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ACompletedTranscriptMakesTheSummaryDueWhenSummariesAreOn(bool summarize)
    {
        var call = Downloading(transcript: true);
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.TakeDomainEvents();

        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "hello", [new TranscriptSegment(0, 1, null, "hello")])], summarize, Now);

        call.DomainEvents.ShouldBe(summarize ? [new SummaryDue(CallSid)] : []);
    }
}
