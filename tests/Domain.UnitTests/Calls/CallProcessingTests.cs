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

    private static CallLog Downloaded(bool transcribe = true)
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, "https://api.twilio.com/x", 3, 1, Now);
        call.RequestTranscript(transcribe, Now);
        call.RequestRecordingDownload(Now);
        call.StartRecordingDownload(Now);
        call.CompleteRecordingDownload(10, "ab", Now);
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

        call.CompleteTranscript("en", "go forward ten meters", Parts, summarize: true, Now);

        call.TranscriptState.ShouldBe(ProcessingState.Done);
        call.TranscriptLanguage.ShouldBe("en");
        call.TranscriptSegments.ShouldBe(Parts);
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
        call.CompleteTranscript("en", "text", Parts, summarize: true, Now);
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

        Should.Throw<DomainRuleException>(() => call.CompleteTranscript("en", "x", [], true, Now)).Code.ShouldBe("invalid_processing_transition");
        Should.Throw<DomainRuleException>(() => call.CompleteSummary("x", "extractive", Now));
    }

    [Fact]
    public void ARecordingTwilioNoLongerHasIsNotTranscribed()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, "https://api.twilio.com/x", 3, 1, Now);
        call.RequestTranscript(true, Now);
        call.RequestRecordingDownload(Now);
        call.StartRecordingDownload(Now);

        call.MarkRecordingGone("404", Now);

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
        call.CompleteTranscript("en", "text", Parts, summarize: true, Now);

        call.StartProcessing(ProcessingStep.Summary, Now).ShouldBeTrue();
        call.StateOf(ProcessingStep.Summary).ShouldBe(ProcessingState.Running);
        call.StateOf(ProcessingStep.Transcript).ShouldBe(ProcessingState.Done);
    }
}
