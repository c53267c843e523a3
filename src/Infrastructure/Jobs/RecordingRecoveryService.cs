using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Common;
using Recordings.Infrastructure.Common;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// At start-up: removes the temporary files interrupted uploads left behind, then makes sure every call whose download
/// is queued or running has its download job (a node stopped between committing "queued" and scheduling the job, or a
/// job gave up after its retries). Jobs that exist are left to Quartz, whose cluster recovery re-runs those a stopped
/// node was running.
/// </summary>
/// <remarks>
/// The database part waits for the host to have started (Program.cs migrates the database before the host starts),
/// and is tried again through the Polly pipeline of <see cref="Retry"/> when the database is not there yet (jittered
/// exponential backoff from 2 s, never more than 60 s apart, <see cref="MaxAttempts"/> attempts in all: nodes started
/// together against a database that is coming up do not all ask again at the same instant), so it works whatever the
/// order of start-up. It never blocks the start: it runs in the background and logs what it did.
/// </remarks>
public sealed partial class RecordingRecoveryService(
    IServiceScopeFactory scopes,
    QuartzRecordingJobScheduler scheduler,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RecordingRecoveryService> logger) : BackgroundService
{
    public const int MaxAttempts = 8;

    /// <summary>How the database part is tried again while it fails.</summary>
    public static readonly BackgroundRetry Retry = new("start-up-recovery", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), MaxRetries: MaxAttempts - 1);

    private readonly ResiliencePipeline _retry = Retry.Build(time, args =>
    {
        LogRetrying(logger, args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
        return ValueTask.CompletedTask;
    });

    private readonly TaskCompletionSource<RecoveryReport> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the recovery has run (with what it did), or faults when it gave up.</summary>
    public Task<RecoveryReport> Completed => _completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var removed = await CleanUpLeftoversAsync(stoppingToken);
            await WhenStartedAsync(stoppingToken);
            var (queued, existing) = await _retry.ExecuteAsync(static (self, token) => self.RequeueAsync(token), this, stoppingToken);
            LogRecovered(logger, removed, queued, existing);
            _completed.TrySetResult(new RecoveryReport(removed, queued, existing));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completed.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            _completed.TrySetException(ex);
        }
    }

    private async Task<int> CleanUpLeftoversAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IRecordingStore>();
        try
        {
            return await store.CleanUpLeftoversAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leftovers only waste space; the downloads must still be re-queued.
            LogCleanUpFailed(logger, ex);
            return 0;
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    private async ValueTask<(int Queued, int Existing)> RequeueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
        var pending = await calls.ListPendingDownloadsAsync(cancellationToken);
        var queued = 0;
        var existing = 0;
        foreach (var (callSid, recordingSid) in pending)
        {
            if (!Sid.IsCallSid(callSid) || !Sid.IsRecordingSid(recordingSid))
            {
                LogInvalidSid(logger, callSid, recordingSid);
                continue;
            }

            if (await scheduler.IsDownloadScheduledAsync(callSid, recordingSid, cancellationToken))
            {
                existing++;
                continue;
            }

            await scheduler.EnsureDownloadScheduledAsync(callSid, recordingSid, cancellationToken);
            LogRequeued(logger, recordingSid, callSid);
            queued++;
        }

        return (queued, existing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery at start-up: {Removed} leftover temporary file(s) removed, {Queued} download(s) re-queued, {Existing} already in Quartz")]
    private static partial void LogRecovered(ILogger logger, int removed, int queued, int existing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery at start-up: the download of recording {RecordingSid} of call {CallSid} had no job; re-queued")]
    private static partial void LogRequeued(ILogger logger, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery at start-up failed (attempt {Attempt}); trying again in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery at start-up failed and gave up; queued downloads without a job wait until a request prepares them")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery at start-up could not remove leftover temporary files")]
    private static partial void LogCleanUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery at start-up: a pending recording has an invalid SID {CallSid}/{RecordingSid}; skipped")]
    private static partial void LogInvalidSid(ILogger logger, string callSid, string recordingSid);
}

/// <summary>What <see cref="RecordingRecoveryService"/> did.</summary>
public sealed record RecoveryReport(int LeftoversRemoved, int DownloadsRequeued, int DownloadsAlreadyScheduled);
