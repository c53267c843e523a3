using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Polly;
using Polly.Retry;

using Recordings.Application.Common.Options;

namespace Recordings.Infrastructure.Twilio;

/// <summary>
/// The contract's download retry policy as a Polly pipeline around a whole attempt (request, redirects and body):
/// transient attempts (<see cref="DownloadAttemptKind.Retryable"/>, or a stray <see cref="HttpRequestException"/>) are
/// retried with jittered exponential backoff - the first retry after 1x to 3x <see cref="TwilioOptions.RetryBaseDelay"/>,
/// doubling after, a larger <c>Retry-After</c> honoured (both capped at <see cref="MaxDelay"/>) - up to
/// <see cref="TwilioOptions.MaxDownloadAttempts"/> attempts in all. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class TwilioDownloadRetryPolicy
{
    /// <summary>No wait between attempts is longer than this (backoff or <c>Retry-After</c>).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    /// <summary>The call SID of the download, set on the <see cref="ResilienceContext"/> for the retry log.</summary>
    public static readonly ResiliencePropertyKey<string> CallSidKey = new("recordings.call-sid");

    private readonly ILogger<TwilioDownloadRetryPolicy> _logger;

    public TwilioDownloadRetryPolicy(IOptions<TwilioOptions> options, TimeProvider timeProvider, ILogger<TwilioDownloadRetryPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _logger = logger;
        var settings = options.Value;
        MaxAttempts = Math.Max(1, settings.MaxDownloadAttempts);
        var baseDelay = settings.RetryBaseDelay < TimeSpan.Zero ? TimeSpan.Zero : settings.RetryBaseDelay;

        var builder = new ResiliencePipelineBuilder<DownloadAttempt> { Name = "twilio-media-download", TimeProvider = timeProvider };
        if (MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<DownloadAttempt>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    RetryDelay(args.AttemptNumber, baseDelay, args.Outcome.Result?.RetryAfter, Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    args.Context.Properties.TryGetValue(CallSidKey, out var callSid);
                    LogRetrying(_logger, callSid, args.AttemptNumber + 2, MaxAttempts, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        Pipeline = builder.Build();
    }

    /// <summary>At most this many attempts are made.</summary>
    public int MaxAttempts { get; }

    /// <summary>The pipeline: execute one attempt per call of the callback.</summary>
    public ResiliencePipeline<DownloadAttempt> Pipeline { get; }

    /// <summary>Whether an attempt's outcome is worth another attempt (caller cancellation never is).</summary>
    public static bool ShouldRetry(Outcome<DownloadAttempt> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: null, Result.Kind: DownloadAttemptKind.Retryable } => true,
        _ => false,
    };

    /// <summary>
    /// The backoff before retry number <paramref name="retryIndex"/> + 1 (0 for the first retry):
    /// <c>baseDelay * 2^retryIndex * (1 + 2 * jitter)</c> for <paramref name="jitter"/> in [0, 1), so the first retry
    /// comes after 1x to 3x the base; capped at <see cref="MaxDelay"/>.
    /// </summary>
    public static TimeSpan BackoffDelay(int retryIndex, TimeSpan baseDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retryIndex);
        if (jitter is < 0 or >= 1 || double.IsNaN(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter is in [0, 1).");
        }

        var milliseconds = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30)) * (1 + (2 * jitter));
        return milliseconds >= MaxDelay.TotalMilliseconds ? MaxDelay : TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
    }

    /// <summary>The backoff, or the server's <c>Retry-After</c> when that is longer (both capped at <see cref="MaxDelay"/>).</summary>
    public static TimeSpan RetryDelay(int retryIndex, TimeSpan baseDelay, TimeSpan? retryAfter, double jitter)
    {
        var backoff = BackoffDelay(retryIndex, baseDelay, jitter);
        if (retryAfter is not { } serverDelay || serverDelay <= backoff)
        {
            return backoff;
        }

        return serverDelay > MaxDelay ? MaxDelay : serverDelay;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying the recording download of {CallSid} (attempt {Attempt} of {MaxAttempts}) in {DelayMilliseconds} ms")]
    private static partial void LogRetrying(ILogger logger, string? callSid, int attempt, int maxAttempts, double delayMilliseconds);
}
