using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings.Commands;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

/// <summary>A dual-channel recording is transcribed a channel at a time and its segments merged by time, with their speakers.</summary>
public sealed class DualChannelTranscriptionHandlerTests
{
    private readonly RecordingFixture _f = new();
    private readonly ITranscriber _transcriber = Substitute.For<ITranscriber>();

    private Task<ProcessingResult> Transcribe() =>
        new TranscribeRecordingCommandHandler(_f.Calls, Substitute.For<IBusinessRepository>(), _f.UnitOfWork, _f.Store, _transcriber, _f.Scheduler,
                Microsoft.Extensions.Options.Options.Create(new SummarizationOptions()), _f.Time,
                NullLogger<TranscribeRecordingCommandHandler>.Instance)
            .Handle(new TranscribeRecordingCommand(CallSid), CancellationToken.None).AsTask();

    private void Stored(int channels)
    {
        _f.WithRecording(channels);
        _f.Call.RequestTranscript(true, Start);
        _f.Call.RequestRecordingDownload(RecordingSid, Start);
        _f.Call.StartRecordingDownload(RecordingSid, Start);
        _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, Start);
        _f.StoreHasFile();
    }

    [Fact]
    public async Task EachChannelIsHeardAloneAndTheLinesMergedByTimeWithTheirSpeaker()
    {
        Stored(channels: 2);
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), 1000, 1, Arg.Any<CancellationToken>()).Returns(new Transcript("en", "hello i have a question thanks",
            [new TranscriptSegment(0.5, 1.8, null, "hello i have a question"), new TranscriptSegment(6.0, 6.4, null, "thanks")]));
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), 1000, 2, Arg.Any<CancellationToken>()).Returns(new Transcript(null, "sure go ahead",
            [new TranscriptSegment(2.2, 3.0, null, "sure go ahead")]));

        (await Transcribe()).ShouldBe(ProcessingResult.Done);

        _f.Call.TranscriptSegments.ShouldBe([
            new TranscriptSegment(0.5, 1.8, Speakers.Customer, "hello i have a question", RecordingSid),
            new TranscriptSegment(2.2, 3.0, Speakers.Agent, "sure go ahead", RecordingSid),
            new TranscriptSegment(6.0, 6.4, Speakers.Customer, "thanks", RecordingSid),
        ]);
        _f.Call.TranscriptText.ShouldBe("hello i have a question sure go ahead thanks");
        _f.Call.TranscriptLanguage.ShouldBe("en");
        await _f.Store.Received(2).OpenReadAsync(RecordingFixture.StorageKey, 1000, Arg.Any<CancellationToken>());
        await _transcriber.DidNotReceive().TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AMonoRecordingIsHeardWholeAndItsSpeakerIsUnknown()
    {
        Stored(channels: 1);
        _transcriber.TranscribeAsync(Arg.Any<Stream>(), 1000, null, Arg.Any<CancellationToken>())
            .Returns(new Transcript("en", "hello", [new TranscriptSegment(0.5, 1.0, null, "hello")]));

        (await Transcribe()).ShouldBe(ProcessingResult.Done);

        _f.Call.TranscriptSegments.ShouldBe([new TranscriptSegment(0.5, 1.0, null, "hello", RecordingSid)]);
        await _transcriber.DidNotReceive().TranscribeAsync(Arg.Any<Stream>(), Arg.Any<long>(), Arg.Is<int?>(c => c != null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void SpeakersFollowTheChannelRule()
    {
        (Speakers.OfChannel(1, 2), Speakers.OfChannel(2, 2), Speakers.OfChannel(1, 1)).ShouldBe(("customer", "agent", null));
        Should.Throw<ArgumentOutOfRangeException>(() => Speakers.OfChannel(3, 2));
        Speakers.TranscribedChannels(2).ShouldBe([1, 2]);
        Speakers.TranscribedChannels(null).ShouldBe([null]);
    }
}
