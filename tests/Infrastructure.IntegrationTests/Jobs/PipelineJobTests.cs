using Mediator;
using NSubstitute;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Recordings.Application.Recordings.Commands.GiveUpProcessing;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Jobs;

using Recordings.Infrastructure.IntegrationTests.Support;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>The retry and give-up rules every pipeline job shares (PipelineJob), on one of them.</summary>
public sealed class PipelineJobTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private static readonly RetryPolicy ThreeRuns = RetryPolicy.Exponential(2, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5));
    private readonly ScriptedSender _sender = new();

    private static IJobExecutionContext Firing(int retryAttempt, RetryPolicy? policy = null, string? key = null)
    {
        var context = Substitute.For<IJobExecutionContext>();
        var detail = Substitute.For<IJobDetail>();
        detail.Key.Returns(key is null ? PipelineJobKind.Transcribe.KeyFor(CallSid) : new JobKey(key, PipelineJob.Group));
        context.JobDetail.Returns(detail);
        context.RetryAttempt.Returns(retryAttempt);
        context.RetryPolicy.Returns(policy ?? ThreeRuns);
        return context;
    }

    private TranscribeRecordingJob Job => new(_sender, NullLogger<TranscribeRecordingJob>.Instance);

    [Fact]
    public async Task AJobSendsItsOneCommandForTheCallOfItsKey()
    {
        await Job.Execute(Firing(0), CancellationToken.None);

        _sender.Sent.ShouldBe([new TranscribeRecordingCommand(CallSid)]);
    }

    [Fact]
    public async Task AJobRunsUnderASpanWhoseParentIsTheTraceContextItWasQueuedWith()
    {
        // Process-wide: other tests' jobs may end meanwhile; this test's span is the one of its call and trace.
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == JobTracing.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        var parentSpan = System.Diagnostics.ActivitySpanId.CreateRandom();
        var firing = Firing(0);
        firing.MergedJobDataMap.Returns(new JobDataMap { [JobTracing.TraceParentKey] = $"00-{traceId}-{parentSpan}-01" });

        await Job.Execute(firing, CancellationToken.None);

        var span = spans.Where(s => s.TraceId == traceId).ShouldHaveSingleItem();
        span.OperationName.ShouldBe("transcribe job");
        span.TraceId.ShouldBe(traceId);
        span.ParentSpanId.ShouldBe(parentSpan);
        span.GetTagItem("recordings.call_sid").ShouldBe(CallSid);
    }

    [Fact]
    public async Task AFailureBeforeTheLastAttemptIsHandedBackToQuartzToRetry()
    {
        _sender.Failure = new TimeoutException("engine timed out");

        var ex = await Should.ThrowAsync<JobExecutionException>(async () => await Job.Execute(Firing(retryAttempt: 1), CancellationToken.None));

        ex.InnerException.ShouldBeOfType<TimeoutException>();
        _sender.Sent.ShouldBe([new TranscribeRecordingCommand(CallSid)]);
    }

    [Fact]
    public async Task TheLastAttemptsFailureGivesUpWithTheStepsGiveUpCommand()
    {
        _sender.Failure = new TimeoutException("engine timed out");

        await Job.Execute(Firing(retryAttempt: 2), CancellationToken.None);

        _sender.Sent.ShouldBe([new TranscribeRecordingCommand(CallSid), new GiveUpProcessingCommand(CallSid, ProcessingStep.Transcript)]);
    }

    [Fact]
    public async Task WithoutARetryPolicyTheFirstFailureIsTheLast()
    {
        _sender.Failure = new TimeoutException("engine timed out");

        await Job.Execute(Firing(retryAttempt: 0, RetryPolicy.None), CancellationToken.None);

        _sender.Sent.ShouldBe([new TranscribeRecordingCommand(CallSid), new GiveUpProcessingCommand(CallSid, ProcessingStep.Transcript)]);
    }

    [Fact]
    public async Task AShutdownIsNeitherARetryNorAGiveUp()
    {
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();
        _sender.Failure = new OperationCanceledException(shutdown.Token);

        await Should.ThrowAsync<OperationCanceledException>(async () => await Job.Execute(Firing(retryAttempt: 2), shutdown.Token));

        _sender.Sent.ShouldBe([new TranscribeRecordingCommand(CallSid)]);
    }

    [Theory]
    [InlineData("transcribe-CA123")]
    [InlineData("download-CA0123456789abcdef0123456789abcdef")]
    public async Task AKeyThatNamesNoCallOfThisJobIsDropped(string key)
    {
        await Job.Execute(Firing(0, key: key), CancellationToken.None);

        _sender.Sent.ShouldBeEmpty();
    }

    /// <summary>Records what the job sends; the step's command fails with <see cref="Failure"/> when one is set.</summary>
    private sealed class ScriptedSender : UntypedSender
    {
        public List<object> Sent { get; } = [];

        public Exception? Failure { get; set; }

        public override ValueTask<object?> Send(object message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Failure is not null && message is TranscribeRecordingCommand
                ? ValueTask.FromException<object?>(Failure)
                : ValueTask.FromResult<object?>(null);
        }
    }
}
