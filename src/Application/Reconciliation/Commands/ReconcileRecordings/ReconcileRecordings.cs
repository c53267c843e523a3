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
/// Run by the reconciliation job: lists the account's recordings created within the lookback and treats each
/// <c>completed</c> one the app does not know exactly like its lost callback. A call the app does not know is fetched
/// from Twilio's Calls API and recorded as its call-status callback would have been (same business rules); then the
/// recording is recorded as its recording callback would have been (stored, pipeline queued). Both go through the
/// webhooks' own commands, so a late or repeated callback afterwards changes nothing, and nothing is imported twice.
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
        var since = DateOnly.FromDateTime((ranAt - options.Value.ReconcileLookback).UtcDateTime);
        var (listed, backfilled, unattributed) = (0, 0, 0);
        var errors = new List<string>();
        try
        {
            await foreach (var recording in twilio.ListRecordingsAsync(since, cancellationToken))
            {
                listed++;
                if (recording.Status != "completed")
                {
                    continue;
                }

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
                    // One recording that cannot be backfilled does not stop the others; the next run tries it again.
                    errors.Add($"{recording.RecordingSid}: {ex.Message}");
                }
            }
        }
        catch (TwilioApiException ex)
        {
            // The listing itself failed (after its retries): the run is reported as failed; the next run catches up.
            errors.Add($"Listing Twilio's recordings failed: {ex.Message}");
        }

        var report = new ReconciliationReport(ranAt, time.GetElapsedTime(clock).TotalSeconds, listed, backfilled, unattributed, Capped(errors));
        await reports.AddAsync(report, cancellationToken);
        LogRun(logger, listed, backfilled, unattributed, errors.Count);
        return report;
    }

    private async Task<Outcome> BackfillAsync(TwilioRecordingListing recording, CancellationToken cancellationToken)
    {
        var call = await calls.FindAsync(recording.CallSid, cancellationToken);
        if (call?.RecordingFor(recording.RecordingSid) is { State: not Domain.Calls.RecordingState.Missing })
        {
            // Known (a recording Twilio reported absent that it now lists as completed is taken, as its callback would be).
            return Outcome.Known;
        }

        var accountSid = call?.AccountSid ?? twilio.AccountSid;
        if (call is null && await twilio.FetchCallAsync(recording.CallSid, cancellationToken) is { } details)
        {
            var ended = details.StartTime is { } start ? start.AddSeconds(details.DurationSeconds ?? 0) : time.GetUtcNow();
            await sender.Send(new RecordCallStatusCommand(details.CallSid, accountSid, details.From, details.To, details.Direction,
                details.Status, Invariant(details.DurationSeconds), ended.ToString("O", CultureInfo.InvariantCulture)), cancellationToken);
        }

        await sender.Send(new RecordRecordingStatusCommand(accountSid, recording.CallSid, recording.RecordingSid,
            twilio.RecordingUrl(recording.RecordingSid), "completed", Invariant(recording.DurationSeconds), Invariant(recording.Channels),
            recording.Source, recording.StartTime?.ToString("O", CultureInfo.InvariantCulture)), cancellationToken);
        LogBackfilled(logger, recording.RecordingSid, recording.CallSid);

        var recorded = await calls.FindAsync(recording.CallSid, cancellationToken);
        return recorded?.BusinessId is null ? Outcome.BackfilledWithoutBusiness : Outcome.Backfilled;
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation: {Listed} listed, {Backfilled} backfilled ({Unattributed} without a business), {Errors} error(s)")]
    private static partial void LogRun(ILogger logger, int listed, int backfilled, int unattributed, int errors);
}
