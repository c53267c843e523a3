using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>Transcript and summary states: none -> queued -> running -> done | failed (or disabled).</summary>
public sealed class CallProcessingTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly TranscriptSegment[] Parts = [new(0.5, 2.25, null, "go forward ten meters")];

    private const string SecondSid = "REfedcba9876543210fedcba9876543210";

    private static void Store(CallLog call, string recordingSid)
    {
        call.RequestRecordingDownload(recordingSid, Now);
        call.StartRecordingDownload(recordingSid, Now);
        call.CompleteRecordingDownload(recordingSid, 10, "ab", Now);
    }

    [Fact]
    public void ASecondRecordingStoredAfterTheTranscriptIsTranscribedTooAndTheSummaryRedone()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "first part", Parts)], summarize: true, Now);
        call.StartProcessing(ProcessingStep.Summary, Now);
        call.CompleteSummary("first part", "extractive", Now);
        call.AttachRecording(SecondSid, "https://api.twilio.com/y", 2, 1, Now, startedAt: Now.AddMinutes(1));
        call.TakeDomainEvents();

        Store(call, SecondSid);

        call.TranscriptState.ShouldBe(ProcessingState.Queued);
        call.DomainEvents.OfType<TranscriptionDue>().ShouldHaveSingleItem();
        call.ToTranscribe.Select(r => r.RecordingSid).ShouldBe([SecondSid], "only the part not transcribed yet");
        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeTrue();
        call.CompleteTranscript([new RecordingTranscript(SecondSid, "en", "second part", [new TranscriptSegment(0.1, 1, null, "second part")])], summarize: true, Now);

        call.TranscriptText.ShouldBe("first part\n\nsecond part");
        call.TranscriptSegments.Select(s => (s.RecordingSid, s.Text)).ShouldBe([(RecordingSid, "go forward ten meters"), (SecondSid, "second part")]);
        call.TranscriptState.ShouldBe(ProcessingState.Done);
        call.SummaryState.ShouldBe(ProcessingState.Queued, "the summary covers the whole call, so it is made again");
    }

    [Fact]
    public void APartStoredWhileTheTranscriptRunsKeepsItQueuedForThatPart()
    {
        var call = Downloaded();
        call.AttachRecording(SecondSid, "https://api.twilio.com/y", 2, 1, Now);
        call.StartProcessing(ProcessingStep.Transcript, Now);
        Store(call, SecondSid);
        call.TakeDomainEvents();

        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "first part", Parts)], summarize: true, Now);

        call.TranscriptState.ShouldBe(ProcessingState.Queued);
        call.SummaryState.ShouldBe(ProcessingState.None, "the summary waits for the whole call");
        call.DomainEvents.ShouldBe([new TranscriptionDue(CallSid)]);
    }

    private static CallLog Downloaded(bool transcribe = true)
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, "https://api.twilio.com/x", 3, 1, Now);
        call.RequestTranscript(transcribe, Now);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.CompleteRecordingDownload(RecordingSid, 10, "ab", Now);
        return call;
    }

    [Fact]
    public void ATranscriptIsRequestedOnce()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);

        call.RequestTranscript(true, Now).ShouldBeTrue();
        call.RequestTranscript(true, Now).ShouldBeFalse();

        call.TranscriptState.ShouldBe(ProcessingState.Queued);
        call.SummaryState.ShouldBe(ProcessingState.None);
    }

    [Fact]
    public void WithoutAnEngineBothAreDisabled()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);

        call.RequestTranscript(false, Now);

        call.TranscriptState.ShouldBe(ProcessingState.Disabled);
        call.SummaryState.ShouldBe(ProcessingState.Disabled);
    }

    [Fact]
    public void TranscriptionWaitsForTheDownload()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, "https://api.twilio.com/x", 3, 1, Now);
        call.RequestTranscript(true, Now);

        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeFalse();
        call.TranscriptState.ShouldBe(ProcessingState.Queued);
    }

    [Fact]
    public void ADoneTranscriptQueuesTheSummary()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeTrue();

        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "go forward ten meters", Parts)], summarize: true, Now);

        call.TranscriptState.ShouldBe(ProcessingState.Done);
        call.TranscriptLanguage.ShouldBe("en");
        call.TranscriptSegments.ShouldBe([Parts[0] with { RecordingSid = RecordingSid }], "each segment names its recording");
        call.SummaryState.ShouldBe(ProcessingState.Queued);
        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeFalse("a transcript is made once, however often the recording is downloaded");
    }

    [Fact]
    public void AFailedTranscriptLeavesTheRecordingReady()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now);

        call.FailProcessing(ProcessingStep.Transcript, "ffmpeg could not decode the file", Now);

        call.TranscriptState.ShouldBe(ProcessingState.Failed);
        call.ProcessingError.ShouldBe("ffmpeg could not decode the file");
        call.Recording.State.ShouldBe(RecordingState.Ready);
    }

    [Fact]
    public void ATransientFailureQueuesTheTranscriptAgain()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now);

        call.RequeueProcessing(ProcessingStep.Transcript, "timeout", Now).ShouldBeTrue();

        call.TranscriptState.ShouldBe(ProcessingState.Queued);
        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeTrue();
    }

    [Fact]
    public void TheSummaryKeepsItsProvider()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "text", Parts)], summarize: true, Now);
        call.StartProcessing(ProcessingStep.Summary, Now).ShouldBeTrue();

        call.CompleteSummary("Go forward.", "extractive", Now);

        call.SummaryState.ShouldBe(ProcessingState.Done);
        call.SummaryText.ShouldBe("Go forward.");
        call.SummaryProvider.ShouldBe("extractive");
    }

    [Fact]
    public void FinishingWhatIsNotRunningIsRefused()
    {
        var call = Downloaded();

        Should.Throw<DomainRuleException>(() => call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "x", [])], true, Now)).Code.ShouldBe("invalid_processing_transition");
        Should.Throw<DomainRuleException>(() => call.CompleteSummary("x", "extractive", Now));
    }

    [Fact]
    public void ARecordingTwilioNoLongerHasIsNotTranscribed()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, "https://api.twilio.com/x", 3, 1, Now);
        call.RequestTranscript(true, Now);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);

        call.MarkRecordingGone(RecordingSid, "404", Now);

        call.TranscriptState.ShouldBe(ProcessingState.None);
    }

    [Fact]
    public void AStepQueuedAgainAfterAFailureCanBeGivenUp()
    {
        var call = Downloaded();
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.RequeueProcessing(ProcessingStep.Transcript, "timeout", Now);

        call.FailProcessing(ProcessingStep.Transcript, "timeout", Now).ShouldBeTrue();

        call.TranscriptState.ShouldBe(ProcessingState.Failed);
        call.FailProcessing(ProcessingStep.Transcript, "again", Now).ShouldBeFalse("a failed step stays failed");
        call.ProcessingError.ShouldBe("timeout");
    }

    [Fact]
    public void TheSummaryStepRunsOnlyOnADoneTranscript()
    {
        var call = Downloaded();

        call.StartProcessing(ProcessingStep.Summary, Now).ShouldBeFalse();
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "text", Parts)], summarize: true, Now);

        call.StartProcessing(ProcessingStep.Summary, Now).ShouldBeTrue();
        call.StateOf(ProcessingStep.Summary).ShouldBe(ProcessingState.Running);
        call.StateOf(ProcessingStep.Transcript).ShouldBe(ProcessingState.Done);
    }
}
