using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings.Commands.HealPendingDownloads;
using Recordings.Domain.Calls;

namespace Recordings.Application.UnitTests.Recordings;

/// <summary>
/// The sweep that gives pending recordings their download job again, and unmeasured ready ones their analysis job (a
/// no-op for a job that exists).
/// </summary>
public sealed class HealPendingDownloadsCommandHandlerTests
{
    private const string OtherCallSid = "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly IRecordingJobScheduler _scheduler = Substitute.For<IRecordingJobScheduler>();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private HealPendingDownloadsCommandHandler Handler(TimeSpan? retryFailedAfter = null) => new(
        _calls, _scheduler, Substitute.For<IUnitOfWork>(),
        Options.Create(new RecordingsOptions { RetryFailedAfter = retryFailedAfter ?? TimeSpan.FromMinutes(5) }), _time);

    [Fact]
    public async Task EveryPendingRecordingHasItsDownloadJobMadeSure()
    {
        _calls.ListPendingDownloadsAsync(Arg.Any<CancellationToken>()).Returns(
        [
            new PendingDownload(TestData.CallSid, TestData.RecordingSid),
            new PendingDownload(TestData.CallSid, TestData.OtherRecordingSid),
        ]);

        var ensured = await Handler().Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        ensured.ShouldBe(2);
        await _scheduler.Received(1).EnsureDownloadScheduledAsync(TestData.CallSid, TestData.RecordingSid, Arg.Any<CancellationToken>());
        await _scheduler.Received(1).EnsureDownloadScheduledAsync(TestData.CallSid, TestData.OtherRecordingSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ARowWithAnInvalidSidIsSkippedNotScheduled()
    {
        _calls.ListPendingDownloadsAsync(Arg.Any<CancellationToken>()).Returns([new PendingDownload("CA-not-a-sid", TestData.RecordingSid)]);

        var ensured = await Handler().Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        ensured.ShouldBe(0);
        await _scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task EveryUnmeasuredReadyRecordingHasItsAnalysisJobMadeSure()
    {
        _calls.ListPendingDownloadsAsync(Arg.Any<CancellationToken>()).Returns([]);
        _calls.ListUnmeasuredRecordingsAsync(HealPendingDownloadsCommand.PerSweep, Arg.Any<CancellationToken>()).Returns(
        [
            new PendingDownload(TestData.CallSid, TestData.OtherRecordingSid),
            new PendingDownload("CA-not-a-sid", TestData.RecordingSid),
        ]);

        var ensured = await Handler().Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        ensured.ShouldBe(1);
        await _scheduler.Received(1).EnsureAnalysisScheduledAsync(TestData.CallSid, TestData.OtherRecordingSid, Arg.Any<CancellationToken>());
        await _scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task EveryCallWhoseTranscriptOrSummaryIsDueHasItsJobMadeSure()
    {
        _calls.ListPendingDownloadsAsync(Arg.Any<CancellationToken>()).Returns([]);
        _calls.ListCallsWithProcessingDueAsync(ProcessingStep.Transcript, HealPendingDownloadsCommand.PerSweep, Arg.Any<CancellationToken>())
            .Returns([TestData.CallSid, "CA-not-a-sid"]);
        _calls.ListCallsWithProcessingDueAsync(ProcessingStep.Summary, HealPendingDownloadsCommand.PerSweep, Arg.Any<CancellationToken>())
            .Returns([OtherCallSid]);

        var ensured = await Handler().Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        ensured.ShouldBe(2);
        await _scheduler.Received(1).EnsureTranscriptionScheduledAsync(TestData.CallSid, Arg.Any<CancellationToken>());
        await _scheduler.Received(1).EnsureSummaryScheduledAsync(OtherCallSid, Arg.Any<CancellationToken>());
        await _scheduler.DidNotReceive().EnsureTranscriptionScheduledAsync("CA-not-a-sid", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task FailedDownloadsAreLookedForOnlyWhenQueuedLongerAgoThanTheDelayAndNotAtAllWhenItIsOff()
    {
        await Handler().Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        await _calls.Received(1).ListFailedDownloadsToRetryAsync(
            _time.GetUtcNow() - TimeSpan.FromMinutes(5), HealPendingDownloadsCommand.PerSweep, Arg.Any<CancellationToken>());

        _calls.ClearReceivedCalls();
        await Handler(TimeSpan.Zero).Handle(new HealPendingDownloadsCommand(), CancellationToken.None);

        await _calls.DidNotReceiveWithAnyArgs().ListFailedDownloadsToRetryAsync(default, default, default);
    }
}
