using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Application.Webhooks.Commands.RecordRecordingStatus;

/// <summary>Twilio's recording-status callback, field by field as Twilio names them.</summary>
public sealed record RecordRecordingStatusCommand(
    string? AccountSid,
    string? CallSid,
    string? RecordingSid,
    string? RecordingUrl,
    string? RecordingStatus,
    string? RecordingDuration,
    string? RecordingChannels,
    string? RecordingSource,
    string? RecordingStartTime) : ICommand, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_webhook";
}

public sealed partial class RecordRecordingStatusCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingJobScheduler scheduler,
    ITwilioMediaClient media,
    IOptions<TranscriptionOptions> transcription,
    TimeProvider time,
    ILogger<RecordRecordingStatusCommandHandler> logger) : ICommandHandler<RecordRecordingStatusCommand>
{
    public async ValueTask<Unit> Handle(RecordRecordingStatusCommand command, CancellationToken cancellationToken)
    {
        var status = command.RecordingStatus!;
        if (status == "in-progress")
        {
            // Nothing to keep yet: Twilio calls again with completed, absent or failed.
            return Unit.Value;
        }

        if (status == "completed" && !media.IsTrustedRecordingUrl(command.RecordingUrl!, command.AccountSid!, command.RecordingSid!))
        {
            LogUntrustedUrl(logger, command.CallSid!, command.RecordingUrl!);
            throw RequestValidationException.ForField("untrusted_recording_url", nameof(command.RecordingUrl),
                "The recording URL is not a Twilio recording of this account.");
        }

        var now = time.GetUtcNow();
        // Queuing the download raises RecordingDownloadRequested, and asking for the transcript of a recording that is
        // already stored raises TranscriptionDue: Application/Pipeline schedules the jobs once this commits.
        var (downloadPending, transcriptPending) = await unitOfWork.InTransactionAsync(async ct =>
        {
            // The call-status callback may not have arrived yet: the call is created now and completed by it later.
            var call = await calls.GetOrCreateForUpdateAsync(command.CallSid!, command.AccountSid!, now, ct);
            var recordingSid = command.RecordingSid;
            if (recordingSid is null)
            {
                // Absent or failed without naming a recording: the call has no recording, which a call without any
                // recording already says.
                return (false, false);
            }

            if (call.RecordingFor(recordingSid) is null
                && await calls.FindCallOfRecordingForUpdateAsync(recordingSid, ct) is { } owner && owner != call.CallSid)
            {
                // Twilio's recording belongs to one call, and its stored file is named after it: a second call with the
                // same recording would share (and could delete) the first one's file.
                LogRecordingOfAnotherCall(logger, call.CallSid, recordingSid, owner);
                throw new ConflictException("recording_of_another_call", "This recording belongs to another call.");
            }

            var changed = status == "completed"
                ? call.AttachRecording(recordingSid, command.RecordingUrl!, WebhookFields.ParseCount(command.RecordingDuration),
                    WebhookFields.ParseCount(command.RecordingChannels), now, StartTimeOf(command.RecordingStartTime))
                : call.MarkRecordingAbsent(recordingSid, $"Twilio reported the recording {status}.", now);
            var recording = call.RecordingFor(recordingSid)!;
            // A completed recording is fetched right away, so it is usually here before anyone presses Play.
            var downloadRequested = status == "completed" && recording.State == RecordingState.Remote
                && call.RequestRecordingDownload(recordingSid, now);

            // Twilio's callback runs the whole pipeline: download, then transcribe, then summarize.
            var transcriptRequested = status == "completed" && recording.State != RecordingState.Missing
                && call.RequestTranscript(transcription.Value.Enabled, now);

            if (changed || downloadRequested || transcriptRequested)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return (recording.State == RecordingState.Queued && !downloadRequested,
                recording.State == RecordingState.Ready && call.TranscriptState == ProcessingState.Queued && !transcriptRequested);
        }, cancellationToken);

        // A repeated callback for work queued earlier makes sure its job exists (a no-op when it does), so a node that
        // stopped between a commit and its events loses nothing.
        if (downloadPending)
        {
            await scheduler.EnsureDownloadScheduledAsync(command.CallSid!, command.RecordingSid!, cancellationToken);
        }

        if (transcriptPending)
        {
            await scheduler.EnsureTranscriptionScheduledAsync(command.CallSid!, cancellationToken);
        }

        return Unit.Value;
    }

    /// <summary>
    /// When the recording started (it orders a call's recordings). Optional and informative: a value that does not
    /// parse is not a reason to refuse Twilio's callback, the recording is then ordered by arrival.
    /// </summary>
    private static DateTimeOffset? StartTimeOf(string? value) =>
        WebhookFields.TryParseTimestamp(value, out var startedAt) ? startedAt : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused recording {RecordingSid} for call {CallSid}: it belongs to call {Owner}")]
    private static partial void LogRecordingOfAnotherCall(ILogger logger, string callSid, string recordingSid, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused recording of call {CallSid}: untrusted URL {RecordingUrl}")]
    private static partial void LogUntrustedUrl(ILogger logger, string callSid, string recordingUrl);
}

public sealed class RecordRecordingStatusCommandValidator : AbstractValidator<RecordRecordingStatusCommand>
{
    private static readonly string[] Statuses = ["in-progress", "completed", "absent", "failed"];

    public RecordRecordingStatusCommandValidator()
    {
        RuleFor(c => c.AccountSid).Must(Sid.IsAccountSid).WithMessage("'AccountSid' must be AC followed by 32 hex digits.");
        RuleFor(c => c.CallSid).Must(Sid.IsCallSid).WithMessage("'CallSid' must be CA followed by 32 hex digits.");
        RuleFor(c => c.RecordingStatus).Must(s => Statuses.Contains(s))
            .WithMessage("'RecordingStatus' must be in-progress, completed, absent or failed.");
        RuleFor(c => c.RecordingSid).Must(Sid.IsRecordingSid).WithMessage("'RecordingSid' must be RE followed by 32 hex digits.")
            .When(c => c.RecordingStatus == "completed" || c.RecordingSid is not null);
        RuleFor(c => c.RecordingUrl).NotEmpty().MaximumLength(WebhookFields.MaxFieldLength * 2)
            .When(c => c.RecordingStatus == "completed");
        RuleFor(c => c.RecordingDuration).OptionalDuration();
        RuleFor(c => c.RecordingChannels).OptionalCount();
        RuleFor(c => c.RecordingSource).MaximumLength(WebhookFields.MaxFieldLength);
        RuleFor(c => c.RecordingStartTime).MaximumLength(WebhookFields.MaxFieldLength);
    }
}
