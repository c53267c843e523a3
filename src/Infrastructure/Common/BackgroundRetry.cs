using Polly;
using Polly.Retry;

namespace Recordings.Infrastructure.Common;

/// <summary>
/// How a node's own background work tries again when the database fails it (the LISTEN connection, the audit writer,
/// the start-up recovery): a Polly retry with exponential backoff from <see cref="FirstDelay"/>, jittered (Polly's
/// decorrelated jitter, so that the nodes that lost the database at the same moment do not all come back at the same
/// instant), never waiting longer than <see cref="MaxDelay"/>, and at most <see cref="MaxRetries"/> retries
/// (<see cref="int.MaxValue"/>: until it works or the node stops). Time is the given <see cref="TimeProvider"/>, so a
/// test drives the waits with a fake clock.
/// </summary>
/// <param name="Name">The pipeline's name (Polly's telemetry).</param>
/// <param name="FirstDelay">The median wait before the first retry; each later one about doubles.</param>
/// <param name="MaxDelay">No wait is longer.</param>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="Retries">Which failures are tried again (every one when null); another is thrown at once.</param>
public sealed record BackgroundRetry(
    string Name, TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxRetries = int.MaxValue, Func<Exception, bool>? Retries = null)
{
    /// <summary>
    /// The pipeline. It retries every exception that <see cref="Retries"/> accepts (every one when it is null), except
    /// those thrown once the execution's own cancellation token (the node stopping) is cancelled;
    /// <paramref name="onRetry"/> is called before each wait, with the failure and the wait.
    /// When it gives up, the last exception is thrown.
    /// </summary>
    /// <param name="time">The clock of the waits.</param>
    /// <param name="onRetry">Called before each wait (to log it).</param>
    /// <param name="randomizer">The jitter's source of numbers in [0, 1): Polly's own when null; tests fix it to see the shape.</param>
    public ResiliencePipeline Build(TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry, Func<double>? randomizer = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(onRetry);

        var options = new RetryStrategyOptions
        {
            Name = Name,
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstDelay,
            MaxDelay = MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } failure && !args.Context.CancellationToken.IsCancellationRequested
                && (Retries?.Invoke(failure) ?? true)),
            OnRetry = onRetry,
        };
        if (randomizer is not null)
        {
            options.Randomizer = randomizer;
        }

        return new ResiliencePipelineBuilder { Name = Name, TimeProvider = time }.AddRetry(options).Build();
    }
}
