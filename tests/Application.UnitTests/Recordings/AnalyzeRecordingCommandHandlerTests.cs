using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings.Commands.AnalyzeRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class AnalyzeRecordingCommandHandlerTests
{
    private readonly RecordingFixture _f = new();
    private readonly IAudioAnalyzer _analyzer = Substitute.For<IAudioAnalyzer>();
    private readonly IRecordingPeaksStore _peaks = Substitute.For<IRecordingPeaksStore>();

    private Task<bool> Analyze() =>
        new AnalyzeRecordingCommandHandler(_f.Calls, _f.UnitOfWork, _f.Store, _analyzer, _peaks, _f.Scheduler, _f.Time,
                NullLogger<AnalyzeRecordingCommandHandler>.Instance)
            .Handle(new AnalyzeRecordingCommand(CallSid, RecordingSid), CancellationToken.None).AsTask();

    [Fact]
    public async Task AudioThatCannotBeDecodedIsKeptAsAnEmptyWaveformAndNotRetried()
    {
        _f.Ready();
        _f.StoreHasFile();
        _analyzer.AnalyzeAsync(Arg.Any<Stream>(), 1, Arg.Any<CancellationToken>())
            .Returns<AudioInsight>(_ => throw new AudioUndecodableException("ffmpeg could not decode the recording"));

        (await Analyze()).ShouldBeFalse();

        await _peaks.Received(1).SaveAsync(CallSid, RecordingSid, 0, Arg.Is<IReadOnlyList<PeakLane>>(l => l.Count == 0), Arg.Any<CancellationToken>());
        _f.Call.Recording.Metrics.ShouldBeNull("nothing was measured");
        _f.Call.Recording.LengthSeconds.ShouldBe(31, "nothing decoded: Twilio's word is all there is");
    }

    [Fact]
    public async Task AFaultOfTheDecoderItselfIsThrownSoTheJobRetries()
    {
        _f.Ready();
        _f.StoreHasFile();
        _analyzer.AnalyzeAsync(Arg.Any<Stream>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns<AudioInsight>(_ => throw new TimeoutException("ffmpeg took too long"));

        await Should.ThrowAsync<TimeoutException>(Analyze);

        await _peaks.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default!, default);
    }

    /// <summary>Twilio said 31 s (the fixture's call and recording); the audio decodes to 11.02 s.</summary>
    [Fact]
    public async Task OnceMeasuredTheRecordingAndTheCallLastAsLongAsTheAudioAndThePeaksSpanIt()
    {
        _f.Ready();
        _f.StoreHasFile();
        var lanes = new[] { new PeakLane(null, new byte[AudioInsight.PeakBuckets]) };
        _analyzer.AnalyzeAsync(Arg.Any<Stream>(), 1, Arg.Any<CancellationToken>())
            .Returns(new AudioInsight(11.02, new RecordingMetrics(null, null, 4.5, 6.1, 0, 4.5, 6.1), [new Silence(4.9, 11.0)], lanes));

        (await Analyze()).ShouldBeTrue();

        await _peaks.Received(1).SaveAsync(CallSid, RecordingSid, 11.02, lanes, Arg.Any<CancellationToken>());
        _f.Call.Recording.DurationSeconds.ShouldBe(31, "what Twilio said is kept");
        _f.Call.Recording.MeasuredDurationSeconds.ShouldBe(11.02);
        _f.Call.Recording.LengthSeconds.ShouldBe(11);
        _f.Call.DurationSeconds.ShouldBe(31);
        _f.Call.LengthSeconds.ShouldBe(11, "the call is as long as its measured audio");
    }

    [Fact]
    public async Task ARecordingNotStoredIsNotMeasured()
    {
        _f.WithRecording();

        (await Analyze()).ShouldBeFalse();

        await _analyzer.DidNotReceiveWithAnyArgs().AnalyzeAsync(default!, default, default);
    }
}
