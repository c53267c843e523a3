using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure.IntegrationTests.Twilio;

/// <summary>The retry policy on its own, driven by a fake clock (no HTTP).</summary>
public class TwilioDownloadRetryPolicyTests
{
    private static readonly DownloadAttempt Unavailable = DownloadAttempt.Retryable("status:503", "Twilio answered 503 Service Unavailable");

    private static TwilioDownloadRetryPolicy Policy(TimeProvider time, int maxAttempts = 6, double baseSeconds = 1) =>
        new(
            Options.Create(new TwilioOptions { MaxDownloadAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromSeconds(baseSeconds) }),
            time,
            NullLogger<TwilioDownloadRetryPolicy>.Instance);

    private static bool IsBackoff(TimeSpan due) => due > TimeSpan.Zero && due <= TwilioDownloadRetryPolicy.MaxDelay;

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(0, 0.5, 2.0)]
    [InlineData(0, 0.9999, 2.9998)]
    [InlineData(1, 0.0, 2.0)]
    [InlineData(2, 0.5, 8.0)]
    [InlineData(3, 0.25, 12.0)]
    public void BackoffStartsAtOneToThreeBaseDelaysAndDoubles(int retryIndex, double jitter, double expectedSeconds)
    {
        TwilioDownloadRetryPolicy.BackoffDelay(retryIndex, TimeSpan.FromSeconds(1), jitter)
            .TotalSeconds.ShouldBe(expectedSeconds, 0.001);
    }

    [Fact]
    public void BackoffIsCapped()
    {
        TwilioDownloadRetryPolicy.BackoffDelay(20, TimeSpan.FromSeconds(1), 0.99).ShouldBe(TwilioDownloadRetryPolicy.MaxDelay);
    }

    [Fact]
    public void ALongerRetryAfterWinsAndIsCapped()
    {
        var baseDelay = TimeSpan.FromSeconds(1);

        TwilioDownloadRetryPolicy.RetryDelay(0, baseDelay, TimeSpan.FromSeconds(10), 0.5).ShouldBe(TimeSpan.FromSeconds(10));
        TwilioDownloadRetryPolicy.RetryDelay(0, baseDelay, TimeSpan.FromSeconds(1.5), 0.5).ShouldBe(TimeSpan.FromSeconds(2));
        TwilioDownloadRetryPolicy.RetryDelay(0, baseDelay, TimeSpan.FromHours(1), 0.5).ShouldBe(TwilioDownloadRetryPolicy.MaxDelay);
        TwilioDownloadRetryPolicy.RetryDelay(0, baseDelay, null, 0).ShouldBe(baseDelay);
    }

    [Fact]
    public async Task RetriesUpToMaxAttemptsWithGrowingJitteredDelays()
    {
        var time = new ObservedFakeTimeProvider();
        var policy = Policy(time, maxAttempts: 4);
        var calls = new List<DateTimeOffset>();

        var run = policy.Pipeline.ExecuteAsync(_ =>
        {
            calls.Add(time.GetUtcNow());
            return ValueTask.FromResult(Unavailable);
        }).AsTask();

        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 3; retry++)
        {
            var due = await time.NextTimerAsync(IsBackoff, alreadyCreated: delays.Count);
            delays.Add(due);
            time.Advance(due);
        }

        var last = await run;

        last.ShouldBe(Unavailable);
        calls.Count.ShouldBe(4);
        delays[0].ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        delays[1].ShouldBeInRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        delays[2].ShouldBeInRange(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(12));
        (calls[1] - calls[0]).ShouldBe(delays[0]);
        (calls[3] - calls[2]).ShouldBe(delays[2]);
    }

    [Fact]
    public async Task HonoursALongerRetryAfter()
    {
        var time = new ObservedFakeTimeProvider();
        var policy = Policy(time, maxAttempts: 2);
        var calls = 0;

        var run = policy.Pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls == 1
            ? DownloadAttempt.Retryable("status:429", "Twilio answered 429 Too Many Requests", TimeSpan.FromSeconds(20))
            : DownloadAttempt.Succeeded(new StoredRecording(1, "00")))).AsTask();

        (await time.NextTimerAsync(IsBackoff)).ShouldBe(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(19.9));
        calls.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(0.1));

        (await run).Kind.ShouldBe(DownloadAttemptKind.Stored);
        calls.ShouldBe(2);
    }

    [Theory]
    [InlineData(DownloadAttemptKind.Permanent)]
    [InlineData(DownloadAttemptKind.Gone)]
    [InlineData(DownloadAttemptKind.Stored)]
    public async Task DoesNotRetryFinalOutcomes(DownloadAttemptKind kind)
    {
        var policy = Policy(new ObservedFakeTimeProvider());
        var outcome = new DownloadAttempt(kind, null, "k", "problem", null);
        var calls = 0;

        var result = await policy.Pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(outcome);
        });

        result.ShouldBe(outcome);
        calls.ShouldBe(1);
    }

    [Fact]
    public async Task RetriesAStrayHttpRequestException()
    {
        var policy = Policy(TimeProvider.System, maxAttempts: 3, baseSeconds: 0);
        var calls = 0;

        var result = await policy.Pipeline.ExecuteAsync(_ => ++calls < 3
            ? throw new HttpRequestException("connection refused")
            : ValueTask.FromResult(Unavailable));

        calls.ShouldBe(3);
        result.ShouldBe(Unavailable);
    }

    [Fact]
    public async Task DoesNotRetryCancellation()
    {
        var policy = Policy(TimeProvider.System, maxAttempts: 3, baseSeconds: 0);
        using var cts = new CancellationTokenSource();
        var calls = 0;

        await Should.ThrowAsync<OperationCanceledException>(async () => await policy.Pipeline.ExecuteAsync(
            ct =>
            {
                calls++;
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return ValueTask.FromResult(Unavailable);
            },
            cts.Token));

        calls.ShouldBe(1);
    }

    [Fact]
    public async Task OneAttemptMeansNoRetry()
    {
        var policy = Policy(TimeProvider.System, maxAttempts: 1);
        var calls = 0;

        await policy.Pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(Unavailable);
        });

        calls.ShouldBe(1);
        policy.MaxAttempts.ShouldBe(1);
    }
}
