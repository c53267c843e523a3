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
        new AnalyzeRecordingCommandHandler(_f.Calls, _f.UnitOfWork, _f.Store, _analyzer, _peaks, _f.Time,
                NullLogger<AnalyzeRecordingCommandHandler>.Instance)
            .Handle(new AnalyzeRecordingCommand(CallSid, RecordingSid), CancellationToken.None).AsTask();

    [Fact]
    public async Task AudioThatCannotBeDecodedIsKeptAsAnEmptyWaveformAndNotRetried()
    {
        _f.Ready();
        _analyzer.AnalyzeAsync(Arg.Any<Stream>(), 1, Arg.Any<CancellationToken>())
            .Returns<AudioInsight>(_ => throw new AudioUndecodableException("ffmpeg could not decode the recording"));

        (await Analyze()).ShouldBeFalse();

        await _peaks.Received(1).SaveAsync(CallSid, RecordingSid, 0, Arg.Is<IReadOnlyList<PeakLane>>(l => l.Count == 0), Arg.Any<CancellationToken>());
        _f.Call.Recording.Metrics.ShouldBeNull("nothing was measured");
    }

    [Fact]
    public async Task AFaultOfTheDecoderItselfIsThrownSoTheJobRetries()
    {
        _f.Ready();
        _analyzer.AnalyzeAsync(Arg.Any<Stream>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns<AudioInsight>(_ => throw new TimeoutException("ffmpeg took too long"));

        await Should.ThrowAsync<TimeoutException>(Analyze);

        await _peaks.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default!, default);
    }

    [Fact]
    public async Task ARecordingNotStoredIsNotMeasured()
    {
        _f.WithRecording();

        (await Analyze()).ShouldBeFalse();

        await _analyzer.DidNotReceiveWithAnyArgs().AnalyzeAsync(default!, default, default);
    }
}
