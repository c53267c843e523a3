using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings.Commands;
using Recordings.Application.Recordings.Commands.AnalyzeRecording;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

/// <summary>
/// A transcription or analysis that finds a ready recording's stored file gone (storage moved, a restore that missed
/// it) heals it as the file endpoint does: the recording is downloaded again and the step runs after it. Only a lost
/// only copy (Twilio's deleted) fails, with the sentence that says so, and is not retried.
/// </summary>
public sealed class MissingStoredFileTests
{
    private readonly RecordingFixture _f = new();
    private readonly ITranscriber _transcriber = Substitute.For<ITranscriber>();
    private readonly IAudioAnalyzer _analyzer = Substitute.For<IAudioAnalyzer>();
    private readonly IRecordingPeaksStore _peaks = Substitute.For<IRecordingPeaksStore>();

    public MissingStoredFileTests()
    {
        _f.WithRecording();
        _f.Call.RequestTranscript(true, Start);
        _f.Call.RequestRecordingDownload(RecordingSid, Start);
        _f.Call.StartRecordingDownload(RecordingSid, Start);
        _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, Start);
        _f.Call.TakeDomainEvents();
        _transcriber.Provider.Returns("pocketsphinx");
    }

    private Task<ProcessingResult> Transcribe() =>
        new TranscribeRecordingCommandHandler(_f.Calls, Substitute.For<IBusinessRepository>(), _f.UnitOfWork, _f.Store, _transcriber, _f.Scheduler,
                Microsoft.Extensions.Options.Options.Create(new SummarizationOptions()), _f.Time,
                NullLogger<TranscribeRecordingCommandHandler>.Instance)
            .Handle(new TranscribeRecordingCommand(CallSid), CancellationToken.None).AsTask();

    private Task<bool> Analyze() =>
        new AnalyzeRecordingCommandHandler(_f.Calls, _f.UnitOfWork, _f.Store, _analyzer, _peaks, _f.Scheduler, _f.Time,
                NullLogger<AnalyzeRecordingCommandHandler>.Instance)
            .Handle(new AnalyzeRecordingCommand(CallSid, RecordingSid), CancellationToken.None).AsTask();

    /// <summary>The store has no file under the recording's key (null), or one of another length (a partial restore).</summary>
    private void StoreLostTheFile(long? length)
    {
        _f.Store.FindAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>())
            .Returns(length is { } l ? new StoredRecordingFile(l, Start) : null);
        _f.Store.OpenReadAsync(RecordingFixture.StorageKey, Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns<Stream>(_ => length is { } l ? new MemoryStream(new byte[l]) : throw new FileNotFoundException("The recording is not in storage."));
    }

    private void TwilioCopyDeleted()
    {
        _f.Call.MarkTwilioCopyDeleted(RecordingSid, Start.AddMinutes(1)).ShouldBeTrue();
        _f.Call.TakeDomainEvents();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(400L)]
    public async Task ATranscriptionThatFindsTheFileGoneQueuesTheDownloadAgainAndWaitsForIt(long? stored)
    {
        StoreLostTheFile(stored);

        await Transcribe();

        _f.Call.Recording.State.ShouldBe(RecordingState.Queued, "downloaded again from Twilio");
        _f.DownloadsRequested.ShouldBe(1);
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Queued, "it runs again once the recording is stored");
        await _transcriber.DidNotReceiveWithAnyArgs().TranscribeAsync(default!, default, default, default);

        // The download stores it again: the transcript is due, and runs.
        _f.Call.StartRecordingDownload(RecordingSid, Start.AddMinutes(2));
        _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, Start.AddMinutes(2));
        _f.Call.DomainEvents.OfType<TranscriptionDue>().ShouldBe([new TranscriptionDue(CallSid)]);
    }

    [Fact]
    public async Task OnlyTheMissingPartOfACallIsDownloadedAgainAndTheOthersAreTranscribed()
    {
        var second = _f.Call.AttachRecording(OtherRecordingSid, TwilioRecordingUrl.Replace(RecordingSid, OtherRecordingSid, StringComparison.Ordinal), 20, 1,
            Start.AddMinutes(1), Start.AddMinutes(1));
        second.ShouldBeTrue();
        _f.Call.RequestRecordingDownload(OtherRecordingSid, Start);
        _f.Call.StartRecordingDownload(OtherRecordingSid, Start);
        _f.Call.CompleteRecordingDownload(OtherRecordingSid, 2000, RecordingFixture.Sha256, Start);
        _f.Call.TakeDomainEvents();
        StoreLostTheFile(null);
        var otherKey = RecordingStorageKey.For(RecordingFixture.BusinessId, OtherRecordingSid);
        _f.Store.FindAsync(otherKey, Arg.Any<CancellationToken>()).Returns(new StoredRecordingFile(2000, Start));
        _f.Store.OpenReadAsync(otherKey, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(_ => new MemoryStream(new byte[2000]));
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), 2000, null, Arg.Any<CancellationToken>())
            .Returns(new Transcript("en", "second part", [new TranscriptSegment(0.1, 1.0, null, "second part")]));

        (await Transcribe()).ShouldBe(ProcessingResult.Done, "the part that is here is transcribed in the same run");

        _f.Call.RecordingFor(RecordingSid)!.State.ShouldBe(RecordingState.Queued);
        _f.Call.RecordingFor(OtherRecordingSid)!.Transcribed.ShouldBeTrue();
        _f.Call.TranscriptText.ShouldBe("second part");
        _f.DownloadsRequested.ShouldBe(1);
        await _transcriber.Received(1).TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(400L)]
    public async Task AnAnalysisThatFindsTheFileGoneQueuesTheDownloadAgainAndRunsAfterIt(long? stored)
    {
        StoreLostTheFile(stored);

        (await Analyze()).ShouldBeFalse("nothing was measured yet");

        _f.Call.Recording.State.ShouldBe(RecordingState.Queued);
        _f.DownloadsRequested.ShouldBe(1);
        await _analyzer.DidNotReceiveWithAnyArgs().AnalyzeAsync(default!, default, default);
        await _peaks.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default!, default);

        // Stored again: the analysis is due again (RecordingStored schedules it).
        _f.Call.StartRecordingDownload(RecordingSid, Start.AddMinutes(2));
        _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, Start.AddMinutes(2));
        _f.Call.DomainEvents.OfType<RecordingStored>().ShouldBe([new RecordingStored(CallSid, RecordingSid)]);
    }

    /// <summary>
    /// A step starts as soon as the download that stored the recording commits: while that download's job exists, a new
    /// download could not be scheduled, so nothing is queued yet and the step is tried again (a transient failure).
    /// </summary>
    [Fact]
    public async Task AFileGoneWhileTheDownloadThatStoredItIsFinishingIsTriedAgainLaterNotQueuedWithoutAJob()
    {
        StoreLostTheFile(null);
        _f.Scheduler.IsDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>()).Returns(true);

        await Should.ThrowAsync<RecordingDownloadFinishingException>(Analyze);
        var transcription = await Should.ThrowAsync<ProcessingStepFailedException>(Transcribe);

        transcription.InnerException.ShouldBeOfType<RecordingDownloadFinishingException>();
        _f.Call.Recording.State.ShouldBe(RecordingState.Ready, "left for the next attempt");
        _f.DownloadsRequested.ShouldBe(0);
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Queued);
    }

    [Fact]
    public async Task ATranscriptionThatFindsALostOnlyCopyFailsWithTheSentenceThatSaysSoAndIsNotRetried()
    {
        TwilioCopyDeleted();
        StoreLostTheFile(null);

        await Transcribe(); // not thrown: trying again cannot help

        _f.Call.Recording.State.ShouldBe(RecordingState.Failed);
        _f.Call.Recording.Error.ShouldBe(Recording.OnlyCopyLostError);
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Failed);
        _f.Call.ProcessingError.ShouldNotBeNull().ShouldContain(Recording.OnlyCopyLostError);
        _f.DownloadsRequested.ShouldBe(0, "Twilio has no copy to download");
        _f.Call.DomainEvents.OfType<RecordingSettled>().ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Failed)]);
    }

    [Fact]
    public async Task AnAnalysisThatFindsALostOnlyCopyFailsTheRecordingWithTheSentenceThatSaysSo()
    {
        TwilioCopyDeleted();
        StoreLostTheFile(null);

        (await Analyze()).ShouldBeFalse();

        _f.Call.Recording.State.ShouldBe(RecordingState.Failed);
        _f.Call.Recording.Error.ShouldBe(Recording.OnlyCopyLostError);
        _f.DownloadsRequested.ShouldBe(0);
        await _analyzer.DidNotReceiveWithAnyArgs().AnalyzeAsync(default!, default, default);
    }
}
