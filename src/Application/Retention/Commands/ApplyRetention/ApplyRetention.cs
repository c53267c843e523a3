using Recordings.Application.Common.Metrics;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Retention.Commands.ExpireRecording;
using Recordings.Application.Retention.Commands.ExpireTranscript;

namespace Recordings.Application.Retention.Commands.ApplyRetention;

/// <summary>
/// Run by the retention job (every <c>Recordings:RetentionInterval</c>, one node at a time) or on demand
/// (<c>POST /api/admin/retention/run</c>): for each business with a policy, deletes the audio of recordings whose call
/// started more than <c>audioDays</c> ago (Twilio's copy when it still exists, then ours) and marks them expired, and
/// deletes transcripts and summaries older than <c>transcriptDays</c>. Audit entries are never touched. Everything due
/// is expired, oldest call first, in keyset pages of <see cref="PageSize"/> calls, <c>Recordings:RetentionParallelism</c>
/// at once, until <c>Recordings:RetentionRunBudget</c> is spent; what is left then is the next run's. A recording
/// whose deletion fails (Twilio or the store down) keeps its state and is tried again by the next run; the failure is
/// logged and counted.
/// </summary>
public sealed record ApplyRetentionCommand : ICommand<RetentionReport>;

/// <summary>What one retention run did, and what it left for the next.</summary>
/// <param name="RecordingsLeft">Recordings still due after the run (failed ones, and those the budget did not reach).</param>
/// <param name="TranscriptsLeft">Transcripts still due after the run.</param>
/// <param name="Seconds">How long the run took.</param>
/// <param name="OutOfTime">Whether the run stopped at its budget (then what is left is the next run's).</param>
public sealed record RetentionReport(
    int RecordingsExpired, int TranscriptsExpired, int Errors, int RecordingsLeft = 0, int TranscriptsLeft = 0, double Seconds = 0,
    bool OutOfTime = false);

public sealed partial class ApplyRetentionCommandHandler(
    IBusinessRepository businesses,
    ICallRepository calls,
    IScopedSender scoped,
    IOptions<RecordingsOptions> options,
    TimeProvider time,
    ILogger<ApplyRetentionCommandHandler> logger) : ICommandHandler<ApplyRetentionCommand, RetentionReport>
{
    /// <summary>Calls per keyset page (their recordings are expired in parallel, then the next page is read).</summary>
    public const int PageSize = 200;

    public async ValueTask<RetentionReport> Handle(ApplyRetentionCommand command, CancellationToken cancellationToken)
    {
        var clock = time.GetTimestamp();
        var budget = options.Value.RetentionRunBudget;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.RetentionParallelism, CancellationToken = cancellationToken };
        bool OutOfTime() => time.GetElapsedTime(clock) >= budget;
        var counts = new Counts();
        var (recordingsLeft, transcriptsLeft) = (0, 0);
        foreach (var policy in await businesses.ListRetentionPoliciesAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (policy.AudioDays is { } audioDays)
            {
                var cutoff = now.AddDays(-audioDays);
                RetentionKey? after = null;
                while (!OutOfTime())
                {
                    var page = await calls.ListRecordingsToExpireAsync(policy.BusinessId, cutoff, after, PageSize, cancellationToken);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    after = page[^1].Key;
                    await Parallel.ForEachAsync(page, parallel, async (recording, ct) =>
                    {
                        if (!OutOfTime())
                        {
                            counts.Add(await ExpireAsync(new ExpireRecordingCommand(recording.CallSid, recording.RecordingSid, cutoff), recording.CallSid, ct), transcript: false);
                        }
                    });
                }

                recordingsLeft += await calls.CountRecordingsToExpireAsync(policy.BusinessId, cutoff, cancellationToken);
            }

            if (policy.TranscriptDays is { } transcriptDays)
            {
                var cutoff = now.AddDays(-transcriptDays);
                RetentionKey? after = null;
                while (!OutOfTime())
                {
                    var page = await calls.ListTranscriptsToExpireAsync(policy.BusinessId, cutoff, after, PageSize, cancellationToken);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    after = page[^1];
                    await Parallel.ForEachAsync(page, parallel, async (call, ct) =>
                    {
                        if (!OutOfTime())
                        {
                            counts.Add(await ExpireAsync(new ExpireTranscriptCommand(call.CallSid), call.CallSid, ct), transcript: true);
                        }
                    });
                }

                transcriptsLeft += await calls.CountTranscriptsToExpireAsync(policy.BusinessId, cutoff, cancellationToken);
            }
        }

        var outOfTime = OutOfTime() && recordingsLeft + transcriptsLeft > 0;
        var report = new RetentionReport(counts.Recordings, counts.Transcripts, counts.Errors, recordingsLeft, transcriptsLeft,
            time.GetElapsedTime(clock).TotalSeconds, outOfTime);
        RecordingsMetrics.RetentionDeleted("recording", report.RecordingsExpired);
        RecordingsMetrics.RetentionDeleted("transcript", report.TranscriptsExpired);
        LogRun(logger, report.RecordingsExpired, report.TranscriptsExpired, report.Errors, report.RecordingsLeft, report.TranscriptsLeft,
            report.Seconds, report.OutOfTime);
        return report;
    }

    /// <summary>
    /// One expiry, in a scope of its own. A fault it does not expect (a Twilio or storage failure it counts itself) is
    /// logged and counted as an error of this run, and the item is left for the next: one bad row never stops the
    /// sweep of the others.
    /// </summary>
    private async Task<ExpiryOutcome> ExpireAsync(ICommand<ExpiryOutcome> expiry, string callSid, CancellationToken cancellationToken)
    {
        try
        {
            return await scoped.SendAsync(expiry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogExpiryFault(logger, ex, callSid);
            return ExpiryOutcome.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention could not expire call {CallSid}; left for the next run")]
    private static partial void LogExpiryFault(ILogger logger, Exception exception, string callSid);

    /// <summary>The run's counts, added to by the parallel expiries.</summary>
    private sealed class Counts
    {
        private int _recordings;
        private int _transcripts;
        private int _errors;

        public int Recordings => _recordings;

        public int Transcripts => _transcripts;

        public int Errors => _errors;

        public void Add(ExpiryOutcome outcome, bool transcript)
        {
            switch (outcome)
            {
                case ExpiryOutcome.Expired:
                    Interlocked.Increment(ref transcript ? ref _transcripts : ref _recordings);
                    break;
                case ExpiryOutcome.Failed:
                    Interlocked.Increment(ref _errors);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run: {Recordings} recording(s) and {Transcripts} transcript(s) expired, {Errors} error(s); left for the next run: {RecordingsLeft} recording(s), {TranscriptsLeft} transcript(s); {Seconds:F1} s (out of time: {OutOfTime})")]
    private static partial void LogRun(
        ILogger logger, int recordings, int transcripts, int errors, int recordingsLeft, int transcriptsLeft, double seconds, bool outOfTime);
}
