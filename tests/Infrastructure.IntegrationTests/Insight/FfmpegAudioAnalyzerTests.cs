using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Insight;
using Recordings.Infrastructure.IntegrationTests.Support;

namespace Recordings.Infrastructure.IntegrationTests.Insight;

/// <summary>The analyzer on a dual-channel recording whose speech is known (<see cref="TwoSpeakerAudio"/>).</summary>
public sealed class FfmpegAudioAnalyzerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recordings-analyzer-").FullName;
    private string _stereo = string.Empty;
    private string _mono = string.Empty;

    public async Task InitializeAsync()
    {
        _stereo = Path.Combine(_folder, "two-speakers.mp3");
        _mono = Path.Combine(_folder, "mixed.mp3");
        await TwoSpeakerAudio.WriteAsync(_stereo, _mono);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<AudioInsight> AnalyzeAsync(string path, int channels)
    {
        // As the local store opens a recording: asynchronous, shared with deletes.
        await using var audio = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 64 * 1024,
        });
        return await new FfmpegAudioAnalyzer(NullLogger<FfmpegAudioAnalyzer>.Instance).AnalyzeAsync(audio, channels, CancellationToken.None);
    }

    /// <summary>The highest peak (0..1) of a lane between two times.</summary>
    private static double PeakBetween(PeakLane lane, double from, double to, double duration = 20)
    {
        var first = (int)(from / duration * AudioInsight.PeakBuckets);
        var last = (int)(to / duration * AudioInsight.PeakBuckets);
        return lane.Peaks[first..last].Max() / 255.0;
    }

    [Fact]
    public async Task EachSpeakerIsMeasuredOnItsOwnChannel()
    {
        var insight = await AnalyzeAsync(_stereo, channels: 2);

        insight.DurationSeconds.ShouldBe(20, tolerance: 0.2);
        insight.Metrics.CustomerTalkSeconds!.Value.ShouldBeInRange(1.6, 3.2, "go forward ten meters: 1.9 s of speech");
        insight.Metrics.AgentTalkSeconds!.Value.ShouldBeInRange(3.0, 4.4, "the numbers: 3.6 s of speech");
        insight.Metrics.AllTalkSeconds.ShouldBeNull();
        insight.Metrics.OvertalkSeconds.ShouldBe(0, "they never speak at once");
        insight.Metrics.LongestMonologueSeconds.ShouldBeInRange(3.0, 4.4, "the agent's numbers");
    }

    [Fact]
    public async Task SilencesOfTwoSecondsOrMoreAreFoundWhereNobodySpeaks()
    {
        var insight = await AnalyzeAsync(_stereo, channels: 2);

        insight.Silences.Count.ShouldBe(2, string.Join(", ", insight.Silences));
        var (between, after) = (insight.Silences[0], insight.Silences[1]);
        between.StartSeconds.ShouldBeInRange(3.2, 4.1);
        between.EndSeconds.ShouldBeInRange(7.9, 8.6);
        after.StartSeconds.ShouldBeInRange(11.4, 12.3);
        after.EndSeconds.ShouldBe(20, tolerance: 0.2);
        insight.Metrics.LongestSilenceSeconds.ShouldBe(after.EndSeconds - after.StartSeconds, tolerance: 0.05);
        insight.Metrics.SilenceSeconds.ShouldBe(insight.Silences.Sum(s => s.EndSeconds - s.StartSeconds), tolerance: 0.05);
    }

    [Fact]
    public async Task EachLanesPeaksAreHighWhereItsSpeakerTalksAndNearZeroWhereSilent()
    {
        var insight = await AnalyzeAsync(_stereo, channels: 2);

        var (customer, agent) = (insight.Lanes[0], insight.Lanes[1]);
        (customer.Speaker, agent.Speaker).ShouldBe(("customer", "agent"));
        customer.Peaks.Length.ShouldBe(AudioInsight.PeakBuckets);
        PeakBetween(customer, 1.6, 3.3).ShouldBeGreaterThan(0.1);
        PeakBetween(customer, 8.0, 11.5).ShouldBeLessThan(0.02, "the agent's words are not on the customer's channel");
        PeakBetween(agent, 8.0, 11.5).ShouldBeGreaterThan(0.1);
        PeakBetween(agent, 1.6, 3.3).ShouldBeLessThan(0.02);
        PeakBetween(customer, 13, 19.5).ShouldBeLessThan(0.02);
        PeakBetween(agent, 13, 19.5).ShouldBeLessThan(0.02);
    }

    [Fact]
    public async Task AMonoRecordingHasOneLaneAndAllItsTalkInOne()
    {
        var insight = await AnalyzeAsync(_mono, channels: 1);

        insight.Lanes.ShouldHaveSingleItem().Speaker.ShouldBeNull();
        insight.Metrics.AgentTalkSeconds.ShouldBeNull();
        insight.Metrics.AllTalkSeconds!.Value.ShouldBeInRange(4.6, 7.6, "both utterances, one after the other");
        insight.Silences.Count.ShouldBe(2);
    }

    /// <summary>
    /// The waveform is placed on the decoded audio's own time, not on a duration from anyone else (Twilio's may be 0,
    /// absurd, or merely wrong: an 11 s file reported as 31 s): sound at a known time is at that fraction of the bar,
    /// in a short recording (its 5 ms slots are longer than a bucket) and in one long enough that its slots merged.
    /// </summary>
    [Theory]
    [InlineData(11, 7.0, 7.5, 10.2, 10.6)]
    [InlineData(200, 150.0, 151.0, 197.0, 199.0)]
    public async Task ThePeaksSpanTheDecodedAudio(double seconds, double from, double to, double lastFrom, double lastTo)
    {
        var path = Path.Combine(_folder, "bursts.mp3");
        await BurstRecording.WriteAsync(path, seconds, (from, to), (lastFrom, lastTo));
        await using var audio = File.OpenRead(path);

        var insight = await new FfmpegAudioAnalyzer(NullLogger<FfmpegAudioAnalyzer>.Instance).AnalyzeAsync(audio, 1, CancellationToken.None);

        insight.DurationSeconds.ShouldBe(seconds, tolerance: 0.05);
        var lane = insight.Lanes.ShouldHaveSingleItem();
        lane.Peaks.Length.ShouldBe(AudioInsight.PeakBuckets);
        PeakBetween(lane, 0, from - 0.1, seconds).ShouldBeLessThan(0.02, "nothing before the first burst");
        PeakBetween(lane, from + 0.05, to - 0.05, seconds).ShouldBeGreaterThan(0.5, $"the burst at {from} s is at {from}/{seconds} of the bar");
        PeakBetween(lane, to + 0.1, lastFrom - 0.1, seconds).ShouldBeLessThan(0.02, "nothing between the bursts");
        PeakBetween(lane, lastFrom + 0.05, lastTo - 0.05, seconds).ShouldBeGreaterThan(0.5, "the burst near the end is near the end of the bar");
        PeakBetween(lane, lastTo + 0.1, seconds, seconds).ShouldBeLessThan(0.02, "and the bar ends where the audio does");
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(3_000_000)]
    public async Task AudioFfmpegCannotDecodeIsAnErrorNotAnEmptyResult(int length)
    {
        // ffmpeg may give up before it has read all of it: the rest of the input is not waited for.
        var bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        await using var garbage = new MemoryStream(bytes);
        await Should.ThrowAsync<AudioUndecodableException>(() =>
            new FfmpegAudioAnalyzer(NullLogger<FfmpegAudioAnalyzer>.Instance).AnalyzeAsync(garbage, 2, CancellationToken.None));
    }
}
