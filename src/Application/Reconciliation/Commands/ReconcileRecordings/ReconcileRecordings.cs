using Recordings.Application.Common.Metrics;
using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;

namespace Recordings.Application.Reconciliation.Commands.ReconcileRecordings;

/// <summary>
/// Run by the reconciliation job (or on demand, <c>POST /api/admin/reconciliation/run</c>): lists the account's recordings
/// created since its watermark minus <c>Twilio:ReconcileOverlap</c> (the first run, with no watermark, within
/// <c>Twilio:ReconcileLookback</c>), checks each listed page against the database in one query, and treats each
/// <c>completed</c> one the app does not know exactly like its lost callback. A call the app does not know is fetched
/// from Twilio's Calls API and recorded as its call-status callback would have been (same business rules); then the
/// recording is recorded as its recording callback would have been (stored, pipeline queued). Both go through the
/// webhooks' own commands, so a late or repeated callback afterwards changes nothing, and nothing is imported twice.
/// The watermark moves to the listing's upper bound only when every page was listed and every missing recording queued;
/// a recording that could not be queued holds it just before its creation, a listing that failed holds it where it was.
/// </summary>
public sealed record ReconcileRecordingsCommand : ICommand<ReconciliationReport>;

public sealed partial class ReconcileRecordingsCommandHandler(
    ITwilioRestApi twilio,
    ICallRepository calls,
    ISender sender,
    IReconciliationReports reports,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconcileRecordingsCommandHandler> logger) : ICommandHandler<ReconcileRecordingsCommand, ReconciliationReport>
{
    /// <summary>At most this many error lines are kept in a report (the rest are counted in the last line).</summary>
    public const int MaxErrors = 20;

    public async ValueTask<ReconciliationReport> Handle(ReconcileRecordingsCommand command, CancellationToken cancellationToken)
    {
        var ranAt = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var accountSid = twilio.AccountSid;
        var previous = await reports.WatermarkAsync(accountSid, cancellationToken);
        var settings = options.Value;
        // Twilio filters on whole seconds: the bounds are too (the lower one down, so nothing falls between two runs).
        var listedFrom = WholeSeconds(previous is { } mark ? mark - settings.ReconcileOverlap : ranAt - settings.ReconcileLookback);
        var listedUntil = WholeSeconds(ranAt);
        var (listed, checkedCount, missing, backfilled, unattributed) = (0, 0, 0, 0, 0);
        DateTimeOffset? heldAt = null;
        var complete = false;
        var errors = new List<string>();
        try
        {
            await foreach (var page in twilio.ListRecordingPagesAsync(listedFrom, listedUntil, cancellationToken))
            {
                listed += page.Count;
                var completed = page.Where(r => r.Status == "completed").ToList();
                checkedCount += completed.Count;
                var known = await calls.FindKnownRecordingSidsAsync([.. completed.Select(r => r.RecordingSid)], cancellationToken);
                foreach (var recording in completed.Where(r => !known.Contains(r.RecordingSid)))
                {
                    missing++;
                    try
                    {
                        switch (await BackfillAsync(recording, cancellationToken))
                        {
                            case Outcome.Backfilled:
                                backfilled++;
                                break;
                            case Outcome.BackfilledWithoutBusiness:
                                backfilled++;
                                unattributed++;
                                break;
                        }
                    }
                    catch (Exception ex) when (ex is TwilioApiException or RequestValidationException)
                    {
                        // One recording that cannot be backfilled does not stop the others; the watermark stays before it,
                        // so the next run lists it and tries again.
                        errors.Add($"{recording.RecordingSid}: {ex.Message}");
                        var before = recording.DateCreated ?? listedFrom;
                        heldAt = heldAt is { } held && held < before ? held : before;
                    }
                }
            }

            complete = true;
        }
        catch (TwilioApiException ex)
        {
            // The listing itself failed (after its retries): the run is reported as failed and the watermark stays;
            // the next run lists the same range again.
            errors.Add($"Listing Twilio's recordings failed: {ex.Message}");
        }

        // Everything created before the watermark was listed, checked and (when missing) queued.
        var watermark = !complete ? previous : heldAt is { } hold ? WholeSeconds(hold) : listedUntil;

        var report = new ReconciliationReport(ranAt, time.GetElapsedTime(clock).TotalSeconds, listed, backfilled, unattributed, Capped(errors),
            checkedCount, missing, listedFrom, watermark) { AccountSid = accountSid };
        await reports.AddAsync(report, cancellationToken);
        RecordingsMetrics.ReconciliationListed(listed);
        RecordingsMetrics.ReconciliationBackfilled(backfilled);
        RecordingsMetrics.ReconciliationFailed(errors.Count);
        LogRun(logger, listed, checkedCount, missing, backfilled, unattributed, errors.Count, listedFrom, watermark, report.Seconds);
        return report;
    }

    private async Task<Outcome> BackfillAsync(TwilioRecordingListing recording, CancellationToken cancellationToken)
    {
        var call = await calls.FindAsync(recording.CallSid, cancellationToken);
        if (call?.RecordingFor(recording.RecordingSid) is { State: not Domain.Calls.RecordingState.Missing })
        {
            // Known after all: its callback came after the page was checked (a recording Twilio reported absent that it
            // now lists as completed is taken, as its callback would be).
            return Outcome.Known;
        }

        var accountSid = call?.AccountSid ?? twilio.AccountSid;
        if (call is null && await twilio.FetchCallAsync(recording.CallSid, cancellationToken) is { } details)
        {
            var ended = details.StartTime is { } start ? start.AddSeconds(details.DurationSeconds ?? 0) : time.GetUtcNow();
            await sender.Send(new RecordCallStatusCommand(details.CallSid, accountSid, details.From, details.To, details.Direction,
                details.Status, Invariant(details.DurationSeconds), ended.ToString("O", CultureInfo.InvariantCulture), details.ParentCallSid),
                cancellationToken);

            // Its legs too (the dial through to the agent), whose callbacks were lost with the call's: they attribute it.
            foreach (var leg in await twilio.ListLegsAsync(details.CallSid, cancellationToken))
            {
                var legEnded = leg.StartTime is { } legStart ? legStart.AddSeconds(leg.DurationSeconds ?? 0) : ended;
                await sender.Send(new RecordCallStatusCommand(leg.CallSid, accountSid, leg.From, leg.To, leg.Direction, leg.Status,
                    Invariant(leg.DurationSeconds), legEnded.ToString("O", CultureInfo.InvariantCulture), details.CallSid), cancellationToken);
            }
        }

        await sender.Send(new RecordRecordingStatusCommand(accountSid, recording.CallSid, recording.RecordingSid,
            twilio.RecordingUrl(recording.RecordingSid), "completed", Invariant(recording.DurationSeconds), Invariant(recording.Channels),
            recording.Source, recording.StartTime?.ToString("O", CultureInfo.InvariantCulture)), cancellationToken);
        LogBackfilled(logger, recording.RecordingSid, recording.CallSid);

        var recorded = await calls.FindAsync(recording.CallSid, cancellationToken);
        return recorded?.BusinessId is null ? Outcome.BackfilledWithoutBusiness : Outcome.Backfilled;
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);

    private static string? Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static List<string> Capped(List<string> errors) =>
        errors.Count <= MaxErrors ? errors : [.. errors.Take(MaxErrors - 1), $"... and {errors.Count - (MaxErrors - 1)} more."];

    private enum Outcome
    {
        Known,
        Backfilled,
        BackfilledWithoutBusiness,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation backfilled the recording {RecordingSid} of call {CallSid}: its callback was lost")]
    private static partial void LogBackfilled(ILogger logger, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation run: {Listed} listed since {ListedFrom:O}, {CheckedCount} checked, {Missing} missing, {Backfilled} queued ({Unattributed} without a business), {Errors} error(s); watermark {Watermark:O}; {Seconds:F1} s")]
    private static partial void LogRun(
        ILogger logger, int listed, int checkedCount, int missing, int backfilled, int unattributed, int errors, DateTimeOffset listedFrom,
        DateTimeOffset? watermark, double seconds);
}
