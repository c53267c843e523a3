using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings.Commands;
using Recordings.Application.Recordings.Commands.GiveUpProcessing;
using Recordings.Application.Recordings.Commands.SummarizeCall;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class TranscribeAndSummarizeHandlerTests
{
    private static readonly Transcript Speech = new("en", "go forward ten meters", [new TranscriptSegment(0.4, 2.1, null, "go forward ten meters")]);

    private readonly RecordingFixture _f = new();
    private readonly ITranscriber _transcriber = Substitute.For<ITranscriber>();
    private readonly ISummarizer _summarizer = Substitute.For<ISummarizer>();

    public TranscribeAndSummarizeHandlerTests()
    {
        _f.WithRecording();
        _f.Call.RequestTranscript(true, Start);
        _f.Call.RequestRecordingDownload(RecordingSid, Start);
        _f.Call.StartRecordingDownload(RecordingSid, Start);
        _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, Start);
        _f.StoreHasFile();
        _transcriber.Provider.Returns("pocketsphinx");
        _summarizer.Provider.Returns("extractive");
    }

    private Task<ProcessingResult> Transcribe(string summaryProvider = "extractive") =>
        new TranscribeRecordingCommandHandler(_f.Calls, Substitute.For<IBusinessRepository>(), _f.UnitOfWork, _f.Store, _transcriber, _f.Scheduler,
                Microsoft.Extensions.Options.Options.Create(new SummarizationOptions { Provider = summaryProvider }), _f.Time,
                NullLogger<TranscribeRecordingCommandHandler>.Instance)
            .Handle(new TranscribeRecordingCommand(CallSid), CancellationToken.None).AsTask();

    private Task<ProcessingResult> Summarize() =>
        new SummarizeCallCommandHandler(_f.Calls, _f.UnitOfWork, _summarizer, _f.Time, NullLogger<SummarizeCallCommandHandler>.Instance)
            .Handle(new SummarizeCallCommand(CallSid), CancellationToken.None).AsTask();

    [Fact]
    public async Task TheStoredFileIsTranscribedAndTheSummaryQueued()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);

        (await Transcribe()).ShouldBe(ProcessingResult.Done);

        await _transcriber.Received(1).TranscribeAsync(Arg.Any<Stream>(), 1000, null, Arg.Any<CancellationToken>());
        await _f.Store.Received(1).OpenReadAsync(RecordingFixture.StorageKey, 1000, Arg.Any<CancellationToken>());
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Done);
        _f.Call.TranscriptText.ShouldBe("go forward ten meters");
        _f.Call.TranscriptSegments.ShouldBe([new TranscriptSegment(0.4, 2.1, null, "go forward ten meters", RecordingSid)]);
        _f.Call.SummaryState.ShouldBe(ProcessingState.Queued);
        _f.Call.DomainEvents.OfType<SummaryDue>().ShouldBe([new SummaryDue(CallSid)]);
    }

    [Fact]
    public async Task WithoutASummarizerTheSummaryIsDisabled()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);

        await Transcribe(summaryProvider: "none");

        _f.Call.SummaryState.ShouldBe(ProcessingState.Disabled);
        _f.Call.DomainEvents.OfType<SummaryDue>().ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailureIsQueuedAgainAndThrownForTheJobToRetryOrGiveUp()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns<Transcript>(_ => throw new TimeoutException("engine timed out"));

        var ex = await Should.ThrowAsync<ProcessingStepFailedException>(() => Transcribe());

        ex.Message.ShouldBe("Transcription (pocketsphinx) failed: engine timed out");

        _f.Call.TranscriptState.ShouldBe(ProcessingState.Queued);
        _f.Call.ProcessingError!.ShouldContain("engine timed out");
    }

    [Fact]
    public async Task GivingUpMarksTheTranscriptFailedWithTheLastReasonAndTheRecordingStaysReady()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns<Transcript>(_ => throw new InvalidOperationException("cannot decode"));
        await Should.ThrowAsync<ProcessingStepFailedException>(() => Transcribe());

        var gaveUp = await new GiveUpProcessingCommandHandler(_f.Calls, _f.UnitOfWork, _f.Time)
            .Handle(new GiveUpProcessingCommand(CallSid, ProcessingStep.Transcript), CancellationToken.None);

        gaveUp.ShouldBeTrue();
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Failed);
        _f.Call.ProcessingError.ShouldBe("Transcription (pocketsphinx) failed: cannot decode");
        _f.Call.Recording.State.ShouldBe(RecordingState.Ready);
    }

    [Fact]
    public async Task GivingUpADoneStepChangesNothing()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);
        await Transcribe();

        var gaveUp = await new GiveUpProcessingCommandHandler(_f.Calls, _f.UnitOfWork, _f.Time)
            .Handle(new GiveUpProcessingCommand(CallSid, ProcessingStep.Transcript), CancellationToken.None);

        gaveUp.ShouldBeFalse();
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Done);
    }

    [Fact]
    public async Task ASummaryFailureIsQueuedAgainToo()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);
        await Transcribe();
        _summarizer.SummarizeAsync(Arg.Any<Transcript>(), Arg.Any<CancellationToken>()).Returns<string>(_ => throw new HttpRequestException("503"));

        var ex = await Should.ThrowAsync<ProcessingStepFailedException>(() => Summarize());

        ex.Message.ShouldBe("Summary (extractive) failed: 503");
        _f.Call.SummaryState.ShouldBe(ProcessingState.Queued);
        _f.Call.TranscriptState.ShouldBe(ProcessingState.Done);
    }

    [Fact]
    public async Task ADoneTranscriptIsNotMadeAgain()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);
        await Transcribe();
        _transcriber.ClearReceivedCalls();

        (await Transcribe()).ShouldBe(ProcessingResult.NothingToDo);

        await _transcriber.DidNotReceiveWithAnyArgs().TranscribeAsync(default!, default, default, default);
    }

    [Fact]
    public async Task TheSummaryIsWrittenWithItsProvider()
    {
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Speech);
        await Transcribe();
        _summarizer.SummarizeAsync(Arg.Any<Transcript>(), Arg.Any<CancellationToken>()).Returns("Go forward ten meters.");

        (await Summarize()).ShouldBe(ProcessingResult.Done);

        await _summarizer.Received(1).SummarizeAsync(
            Arg.Is<Transcript>(t => t.Language == "en" && t.Text == "go forward ten meters" && t.Segments.Count == 1), Arg.Any<CancellationToken>());
        _f.Call.SummaryState.ShouldBe(ProcessingState.Done);
        _f.Call.SummaryText.ShouldBe("Go forward ten meters.");
        _f.Call.SummaryProvider.ShouldBe("extractive");
    }

    [Fact]
    public async Task NoSummaryBeforeTheTranscript()
    {
        (await Summarize()).ShouldBe(ProcessingResult.NothingToDo);

        await _summarizer.DidNotReceiveWithAnyArgs().SummarizeAsync(default!, default);
    }
}
