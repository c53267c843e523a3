using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>
/// A recording of a business that redacts: stored awaiting redaction (never served, measured or deleted at Twilio meanwhile),
/// its transcript redacted, then its redacted copy replacing it; or failed with a sentence.
/// </summary>
public sealed class RecordingRedactionTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string Url = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly Recordings.Domain.Redaction.Redaction Card = new(RecordingSid, 3.2, 7.9, RedactedEntity.Card);

    private static CallLog Downloading(bool transcript = true)
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.AttachRecording(RecordingSid, Url, 31, 1, Now);
        call.RequestTranscript(transcript, Now);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.TakeDomainEvents();
        return call;
    }

    private static CallLog AwaitingRedaction()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now, redact: true).ShouldBeTrue();
        return call;
    }

    private static CallLog Transcribed()
    {
        var call = AwaitingRedaction();
        call.StartProcessing(ProcessingStep.Transcript, Now).ShouldBeTrue();
        call.CompleteTranscript(
            [new RecordingTranscript(RecordingSid, "en", "my card is [card]", [new TranscriptSegment(0, 9, null, "my card is [card]")])],
            summarize: true, Now, [Card]).ShouldBeTrue();
        return call;
    }

    [Fact]
    public void AStoredRecordingOfABusinessThatRedactsAwaitsRedactionAndIsPendingForEveryRequest()
    {
        var call = AwaitingRedaction();

        call.Recording.AwaitsRedaction.ShouldBeTrue();
        call.Recording.IsPending.ShouldBeTrue();
        var events = call.TakeDomainEvents();
        events.OfType<RecordingStored>().ShouldBeEmpty("not measured, nor deleted at Twilio, until redacted");
        events.OfType<TranscriptionDue>().ShouldHaveSingleItem();
        foreach (var request in Enum.GetValues<RecordingRequest>())
        {
            call.DecideRecordingRequest(null, request, StoredCopy.Found).Verdict.ShouldBe(RecordingVerdict.Pending, request.ToString());
        }
    }

    [Fact]
    public void ARedactedTranscriptMakesTheRedactionDueAndKeepsWhatWasRemoved()
    {
        var call = Transcribed();

        call.TakeDomainEvents().OfType<RedactionDue>().ShouldHaveSingleItem().RecordingSid.ShouldBe(RecordingSid);
        call.Redactions.ShouldBe([Card]);
        call.RedactionsOf(RecordingSid).ShouldBe([Card]);
        call.Recording.AwaitsRedaction.ShouldBeTrue("the audio is not redacted yet");
    }

    [Fact]
    public void TheRedactedCopyReplacesTheOriginalAndIsStoredForTheRestOfThePipeline()
    {
        var call = Transcribed();
        call.TakeDomainEvents();
        var original = new EncryptedOriginal("b/" + RecordingSid + ".original.enc", "v1.k.AAAA", 4096);

        call.CompleteRedaction(RecordingSid, "b/redacted", 3000, "cd", original, Now.AddMinutes(1)).ShouldBeTrue();

        var recording = call.Recording;
        recording.AwaitsRedaction.ShouldBeFalse();
        recording.Redaction.ShouldBe(RedactionProgress.Done);
        (recording.StorageKey, recording.TotalBytes, recording.ContentSha256, recording.StoredAt).ShouldBe(("b/redacted", 3000L, "cd", Now.AddMinutes(1)));
        recording.RedactedItems.ShouldBe(1);
        recording.Original.ShouldBe(original);
        var events = call.TakeDomainEvents();
        events.OfType<RecordingStored>().ShouldHaveSingleItem().Redacted.ShouldBeTrue();
        events.OfType<RecordingSettled>().ShouldHaveSingleItem();
        call.DecideRecordingRequest(null, RecordingRequest.File, StoredCopy.Found).Verdict.ShouldBe(RecordingVerdict.Ready);
        call.CompleteRedaction(RecordingSid, "b/redacted", 3000, "cd", null, Now).ShouldBeFalse("once");
    }

    [Fact]
    public void ARedactionThatGivesUpFailsTheRecordingWithASentenceAndPrepareDownloadsItAgainToRedactAgain()
    {
        var call = Transcribed();

        call.FailRedaction(RecordingSid, "could not be redacted", Now).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.Error.ShouldBe("could not be redacted");
        call.DecideRecordingRequest(null, RecordingRequest.File).Verdict.ShouldBe(RecordingVerdict.Failed);
        call.DecideRecordingRequest(null, RecordingRequest.Prepare).Verdict.ShouldBe(RecordingVerdict.Queue);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.TakeDomainEvents();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now, redact: false).ShouldBeTrue();
        call.Recording.AwaitsRedaction.ShouldBeTrue("a recording once redacted never plays unredacted, whatever the policy is now");
        call.TakeDomainEvents().OfType<RedactionDue>().ShouldHaveSingleItem("its transcript is here already");
    }

    [Fact]
    public void ALostRedactedCopyDownloadedAgainIsRedactedAgainAtOnce()
    {
        var call = Transcribed();
        call.CompleteRedaction(RecordingSid, "b/redacted", 3000, "cd", null, Now);
        call.MarkRecordingFileLost(RecordingSid, Now).ShouldBeTrue();
        call.RequestRecordingDownload(RecordingSid, Now);
        call.StartRecordingDownload(RecordingSid, Now);
        call.TakeDomainEvents();

        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now).ShouldBeTrue();

        call.Recording.AwaitsRedaction.ShouldBeTrue();
        var events = call.TakeDomainEvents();
        events.OfType<RedactionDue>().ShouldHaveSingleItem();
        events.OfType<RecordingStored>().ShouldBeEmpty();
    }

    [Fact]
    public void ATranscriptThatFailsFailsTheRecordingsAwaitingItsRedaction()
    {
        var call = AwaitingRedaction();
        call.StartProcessing(ProcessingStep.Transcript, Now);

        call.FailProcessing(ProcessingStep.Transcript, "engine down", Now).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.Error.ShouldBe(CallLog.RedactionNeedsTranscriptError);
    }

    [Fact]
    public void WithTranscriptionOffARecordingOfABusinessThatRedactsFailsAtOnceInsteadOfWaitingForever()
    {
        var call = Downloading(transcript: false);

        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now, redact: true).ShouldBeTrue();

        call.Recording.State.ShouldBe(RecordingState.Failed);
        call.Recording.Error.ShouldBe(CallLog.RedactionWithoutTranscriptionError);
    }

    [Fact]
    public void ARecordingStoredBeforeRedactionWasTurnedOnIsRedactedOnceItsTranscriptIs()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now, redact: false);
        call.Recording.AwaitsRedaction.ShouldBeFalse();
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.TakeDomainEvents();

        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "[card]", [])], summarize: false, Now, [Card]);

        call.Recording.AwaitsRedaction.ShouldBeTrue();
        call.TakeDomainEvents().OfType<RedactionDue>().ShouldHaveSingleItem();
    }

    [Fact]
    public void ATranscriptThatWasNotRedactedLeavesTheRecordingAlone()
    {
        var call = Downloading();
        call.CompleteRecordingDownload(RecordingSid, 4096, "ab", Now);
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.TakeDomainEvents();

        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "hello", [])], summarize: false, Now);

        call.Recording.Redaction.ShouldBe(RedactionProgress.None);
        call.TakeDomainEvents().OfType<RedactionDue>().ShouldBeEmpty();
        call.Redactions.ShouldBeEmpty();
    }

    [Fact]
    public void ExpiringARecordingForgetsItsKeptOriginal()
    {
        var call = Transcribed();
        call.CompleteRedaction(RecordingSid, "b/redacted", 3000, "cd", new EncryptedOriginal("k", "w", 1), Now);

        call.ExpireRecording(RecordingSid, Now).ShouldBeTrue();

        call.Recording.Original.ShouldBeNull();
    }
}
