using Polly;
using Recordings.Infrastructure.Audit;
using Recordings.Infrastructure.Common;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Jobs;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Common;

/// <summary>
/// The retries of the node's background work, as Polly runs them on a fake clock: the waits between failed attempts
/// (read off the timers the pipeline sets), with the jitter fixed where the shape is checked.
/// </summary>
public sealed class BackgroundRetryTests
{
    /// <summary>The jitter at its middle: the waits are then about the medians (1, 2, 4 ... times the first).</summary>
    private static readonly Func<double> Middle = () => 0.5;

    [Fact]
    public async Task TheListenersReconnectWaitsAboutASecondThenDoublesUpToThirtySecondsAndNeverGivesUp()
    {
        var waits = await WaitsAsync(PostgresNotificationListener.Reconnect, failures: 12, Middle);

        waits.Count.ShouldBe(12);
        Seconds(waits).ShouldBe([0.9, 1.1, 2.0, 4.0, 8.1, 16.2, 30, 30, 30, 30, 30, 30]);
    }

    [Fact]
    public async Task TheAuditWriterWaitsAboutASecondThenDoublesUpToThirtySecondsAndNeverGivesUp()
    {
        var waits = await WaitsAsync(BufferedAuditLog.Retry, failures: 12, Middle);

        Seconds(waits).ShouldBe([0.9, 1.1, 2.0, 4.0, 8.1, 16.2, 30, 30, 30, 30, 30, 30]);
    }

    [Fact]
    public async Task TheStartUpRecoveryWaitsAboutTwoSecondsThenDoublesUpToAMinuteAndGivesUpAfterEightAttempts()
    {
        // Eight failures: seven waits, then the eighth failure is thrown (WaitsAsync checks it).
        var waits = await WaitsAsync(RecordingRecoveryService.Retry, failures: RecordingRecoveryService.MaxAttempts, Middle);

        Seconds(waits).ShouldBe([1.8, 2.2, 4.1, 8.1, 16.2, 32.3, 60]);
    }

    [Fact]
    public async Task TheJitterSpreadsTheWaitsOfNodesThatFailedTogetherAndTheCapHoldsWhateverItDraws()
    {
        var retry = PostgresNotificationListener.Reconnect;
        var low = await WaitsAsync(retry, failures: 4, () => 0.1);
        var high = await WaitsAsync(retry, failures: 4, () => 0.9);
        var drawn = await WaitsAsync(retry, failures: 20, randomizer: null);

        low.ShouldNotBe(high);
        drawn.ShouldAllBe(wait => wait >= TimeSpan.Zero && wait <= retry.MaxDelay);
    }

    [Fact]
    public async Task TheNodeStoppingEndsTheRetriesAtOnce()
    {
        var time = new ObservedFakeTimeProvider();
        var pipeline = PostgresNotificationListener.Reconnect.Build(time, _ => ValueTask.CompletedTask);
        using var stopping = new CancellationTokenSource();
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw new InvalidOperationException("the database is down");
        }, stopping.Token).AsTask();
        await time.NextTimerAsync(_ => true);
        await stopping.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => run);
        attempts.ShouldBe(1);
    }

    /// <summary>
    /// Runs an action that fails <paramref name="failures"/> times through the pipeline, advancing the fake clock by each
    /// wait as the pipeline sets it; returns the waits. The pipeline must then succeed (or have given up).
    /// </summary>
    internal static async Task<List<TimeSpan>> WaitsAsync(BackgroundRetry retry, int failures, Func<double>? randomizer)
    {
        var time = new ObservedFakeTimeProvider();
        var pipeline = retry.Build(time, _ => ValueTask.CompletedTask, randomizer);
        var attempts = 0;
        var run = pipeline.ExecuteAsync(_ =>
        {
            return ++attempts <= failures ? throw new InvalidOperationException("the database is down") : ValueTask.CompletedTask;
        }, CancellationToken.None).AsTask();

        var waits = new List<TimeSpan>();
        for (var i = 0; i < Math.Min(failures, retry.MaxRetries); i++)
        {
            var wait = await time.NextTimerAsync(_ => true, waits.Count);
            waits.Add(wait);
            time.Advance(wait);
        }

        if (failures <= retry.MaxRetries)
        {
            await run;
            attempts.ShouldBe(failures + 1);
        }
        else
        {
            await Should.ThrowAsync<InvalidOperationException>(() => run);
            attempts.ShouldBe(retry.MaxRetries + 1);
        }

        return waits;
    }

    internal static double[] Seconds(IEnumerable<TimeSpan> waits) => [.. waits.Select(w => Math.Round(w.TotalSeconds, 1))];
}
