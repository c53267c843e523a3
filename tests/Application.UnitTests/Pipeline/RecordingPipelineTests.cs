using Recordings.Application.Common.Events;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Pipeline;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Pipeline;

/// <summary>Each step of the pipeline does one thing, for its own event only.</summary>
public sealed class RecordingPipelineTests
{
    private readonly IRecordingJobScheduler _scheduler = Substitute.For<IRecordingJobScheduler>();
    private readonly IRecordingStateSignal _signal = Substitute.For<IRecordingStateSignal>();

    [Fact]
    public async Task ARequestedDownloadIsScheduled()
    {
        await new ScheduleDownload(_scheduler).Handle(new DomainEventNotification(new RecordingDownloadRequested(CallSid, RecordingSid)), CancellationToken.None);

        await _scheduler.Received(1).EnsureDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(RecordingState.Ready)]
    [InlineData(RecordingState.Failed)]
    [InlineData(RecordingState.Missing)]
    public async Task ASettledRecordingWakesTheWaitingRequests(RecordingState state)
    {
        await new WakeWaitingRequests(_signal).Handle(new DomainEventNotification(new RecordingSettled(CallSid, RecordingSid, state)), CancellationToken.None);

        await _signal.Received(1).PublishAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ADueTranscriptionAndADueSummaryAreScheduled()
    {
        await new ScheduleTranscription(_scheduler).Handle(new DomainEventNotification(new TranscriptionDue(CallSid)), CancellationToken.None);
        await new ScheduleSummary(_scheduler).Handle(new DomainEventNotification(new SummaryDue(CallSid)), CancellationToken.None);

        await _scheduler.Received(1).EnsureTranscriptionScheduledAsync(CallSid, Arg.Any<CancellationToken>());
        await _scheduler.Received(1).EnsureSummaryScheduledAsync(CallSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AStepIgnoresEveryOtherEvent()
    {
        var other = new DomainEventNotification(new RecordingSettled(CallSid, RecordingSid, RecordingState.Ready));

        await new ScheduleDownload(_scheduler).Handle(other, CancellationToken.None);
        await new ScheduleTranscription(_scheduler).Handle(other, CancellationToken.None);
        await new ScheduleSummary(_scheduler).Handle(other, CancellationToken.None);
        await new WakeWaitingRequests(_signal).Handle(new DomainEventNotification(new SummaryDue(CallSid)), CancellationToken.None);

        _scheduler.ReceivedCalls().ShouldBeEmpty();
        _signal.ReceivedCalls().ShouldBeEmpty();
    }
}
