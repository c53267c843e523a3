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
    IOptions<TwilioOptions> twilio,
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

        if (status == "completed" && !IsTrustedRecordingUrl(command, twilio.Value.MediaOrigins))
        {
            LogUntrustedUrl(logger, command.CallSid!, command.RecordingUrl!);
            throw RequestValidationException.ForField("untrusted_recording_url", nameof(command.RecordingUrl),
                "The recording URL is not a Twilio recording of this account.");
        }

        var now = time.GetUtcNow();
        var (queued, transcribe) = await unitOfWork.InTransactionAsync(async ct =>
        {
            // The call-status callback may not have arrived yet: the call is created now and completed by it later.
            var call = await calls.GetOrCreateForUpdateAsync(command.CallSid!, command.AccountSid!, now, ct);
            var changed = status == "completed"
                ? call.AttachRecording(command.RecordingSid!, command.RecordingUrl!,
                    WebhookFields.ParseCount(command.RecordingDuration), WebhookFields.ParseCount(command.RecordingChannels), now)
                : call.MarkRecordingAbsent(command.RecordingSid, $"Twilio reported the recording {status}.", now);
            if (status == "completed" && call.Recording.State == RecordingState.Remote)
            {
                // A completed recording is fetched right away, so it is usually here before anyone presses Play.
                changed |= call.RequestRecordingDownload(now);
            }

            if (status == "completed" && call.Recording.State != RecordingState.Missing)
            {
                // Twilio's callback runs the whole pipeline: download, then transcribe, then summarize.
                changed |= call.RequestTranscript(transcription.Value.Enabled, now);
            }

            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return (call.Recording.State == RecordingState.Queued,
                call.Recording.State == RecordingState.Ready && call.TranscriptState == ProcessingState.Queued);
        }, cancellationToken);

        if (transcribe)
        {
            // Already downloaded (an agent played it first): the pipeline goes on from the transcript.
            await scheduler.EnsureTranscriptionScheduledAsync(command.CallSid!, cancellationToken);
        }

        if (queued)
        {
            // After the commit: the job reads the recording the transaction stored. A repeat callback makes sure it is
            // scheduled (a no-op when it is), so a node that stopped in between loses nothing.
            await scheduler.EnsureDownloadScheduledAsync(command.CallSid!, cancellationToken);
        }

        return Unit.Value;
    }

    /// <summary>Exactly {origin}/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid} for a configured origin.</summary>
    public static bool IsTrustedRecordingUrl(RecordRecordingStatusCommand command, IEnumerable<string> mediaOrigins)
    {
        var path = $"/2010-04-01/Accounts/{command.AccountSid}/Recordings/{command.RecordingSid}";
        return mediaOrigins.Any(origin => string.Equals(command.RecordingUrl, origin.TrimEnd('/') + path, StringComparison.Ordinal));
    }

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
        RuleFor(c => c.RecordingDuration).OptionalCount();
        RuleFor(c => c.RecordingChannels).OptionalCount();
        RuleFor(c => c.RecordingSource).MaximumLength(WebhookFields.MaxFieldLength);
        RuleFor(c => c.RecordingStartTime).MaximumLength(WebhookFields.MaxFieldLength);
    }
}
