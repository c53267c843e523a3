using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.ReleaseStoredRecording;

/// <summary>
/// Removes our stored copy of a call's recording; the recording stays at Twilio (state <c>remote</c>) and the next
/// play downloads it again. Transcript and summary are kept. Demo mode uses it to leave recordings "at Twilio"; it is
/// also the step a storage-retention policy would take.
/// </summary>
/// <param name="RecordingSid">Which of the call's recordings; null: the first.</param>
public sealed record ReleaseStoredRecordingCommand(string CallSid, string? RecordingSid = null) : ICommand<ReleaseStoredRecordingResult>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public enum ReleaseStoredRecordingResult
{
    Released,

    /// <summary>No such call.</summary>
    NotFound,

    /// <summary>The recording is not stored here (not <c>ready</c>): nothing to release.</summary>
    NotStored,

    /// <summary>A transcript or summary is queued or running and still needs the file: try again later.</summary>
    InUse,

    /// <summary>Twilio's copy was deleted: ours is the only one, and is never released.</summary>
    OnlyCopy,
}

public sealed partial class ReleaseStoredRecordingCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    TimeProvider time,
    ILogger<ReleaseStoredRecordingCommandHandler> logger) : ICommandHandler<ReleaseStoredRecordingCommand, ReleaseStoredRecordingResult>
{
    public async ValueTask<ReleaseStoredRecordingResult> Handle(ReleaseStoredRecordingCommand command, CancellationToken cancellationToken)
    {
        var result = await unitOfWork.UpdateCallAsync(calls, command.CallSid, async (call, ct) =>
        {
            // The row lock is held while the file goes: no download, transcription or summary of this call starts in
            // between. Should the commit fail after the delete, the row says ready without a file, which the next
            // request notices (MarkRecordingFileLost) and heals by downloading again.
            var recording = call?.RecordingFor(command.RecordingSid);
            if (call is null || recording is null)
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.NotFound);
            }

            if (recording.State != RecordingState.Ready || recording.RecordingSid is not { } recordingSid)
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.NotStored);
            }

            if (!recording.AtTwilio)
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.OnlyCopy);
            }

            if (IsBusy(call.TranscriptState) || IsBusy(call.SummaryState))
            {
                return LockedChange.Unchanged(ReleaseStoredRecordingResult.InUse);
            }

            if (recording.StorageKey is { } key)
            {
                await store.DeleteAsync(key, ct);
            }

            call.MarkRecordingFileLost(recordingSid, time.GetUtcNow());
            return LockedChange.Saved(ReleaseStoredRecordingResult.Released);
        }, cancellationToken);

        if (result == ReleaseStoredRecordingResult.Released)
        {
            LogReleased(logger, command.CallSid);
        }

        return result;
    }

    private static bool IsBusy(ProcessingState state) => state is ProcessingState.Queued or ProcessingState.Running;

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the stored recording of {CallSid}; it is at Twilio again")]
    private static partial void LogReleased(ILogger logger, string callSid);
}

public sealed class ReleaseStoredRecordingCommandValidator : AbstractValidator<ReleaseStoredRecordingCommand>
{
    public ReleaseStoredRecordingCommandValidator()
    {
        RuleFor(c => c.CallSid).MustBeCallSid();
        RuleFor(c => c.RecordingSid).MustBeRecordingSid().When(c => c.RecordingSid is not null);
    }
}
