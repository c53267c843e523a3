using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.DeleteTwilioCopy;

/// <summary>
/// Run by the job that <c>Twilio:DeleteAfterDownload</c> queues once a recording is stored: deletes Twilio's copy, but
/// only after checking that ours is in storage, complete (its length as verified when it was stored). A Twilio error
/// (after the client's own retries of 429 and 5xx) is thrown, so the job tries again later; 404 counts as deleted.
/// </summary>
public sealed record DeleteTwilioCopyCommand(string CallSid, string RecordingSid) : ICommand<DeleteTwilioCopyResult>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public enum DeleteTwilioCopyResult
{
    /// <summary>Twilio's copy is deleted (or Twilio had none any more); ours is the only one.</summary>
    Deleted,

    /// <summary>Nothing to do: no such recording, not stored here, or Twilio's copy is already deleted.</summary>
    NothingToDo,

    /// <summary>Our copy is not in storage as it was stored: Twilio's is kept (the next play downloads it again).</summary>
    NotVerified,
}

public sealed partial class DeleteTwilioCopyCommandHandler(
    ICallRepository calls,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    ITwilioRestApi twilio,
    TimeProvider time,
    ILogger<DeleteTwilioCopyCommandHandler> logger) : ICommandHandler<DeleteTwilioCopyCommand, DeleteTwilioCopyResult>
{
    public async ValueTask<DeleteTwilioCopyResult> Handle(DeleteTwilioCopyCommand command, CancellationToken cancellationToken)
    {
        var existed = false;
        // Under the call's row lock from the check of our copy to the record of the deletion: no release of our copy
        // (the demo's StoredRecordingRelease takes the same lock) can come in between and leave no copy at all.
        var result = await unitOfWork.UpdateCallAsync(calls, command.CallSid, async (call, ct) =>
        {
            var recording = call?.RecordingFor(command.RecordingSid);
            if (call is null || recording is not { State: RecordingState.Ready, AwaitsRedaction: false, AtTwilio: true, StorageKey: { } key, TotalBytes: { } length })
            {
                return LockedChange.Unchanged(DeleteTwilioCopyResult.NothingToDo);
            }

            var stored = await store.FindAsync(key, ct);
            if (stored is null || stored.Length != length)
            {
                LogNotVerified(logger, command.RecordingSid, command.CallSid, stored?.Length, length);
                return LockedChange.Unchanged(DeleteTwilioCopyResult.NotVerified);
            }

            existed = await twilio.DeleteRecordingAsync(command.RecordingSid, ct);
            call.MarkTwilioCopyDeleted(command.RecordingSid, time.GetUtcNow());
            return LockedChange.Saved(DeleteTwilioCopyResult.Deleted);
        }, cancellationToken);
        if (result == DeleteTwilioCopyResult.Deleted)
        {
            LogDeleted(logger, command.RecordingSid, command.CallSid, existed);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted Twilio's copy of recording {RecordingSid} of call {CallSid} (Twilio still had it: {Existed}); ours is the only copy")]
    private static partial void LogDeleted(ILogger logger, string recordingSid, string callSid, bool existed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept Twilio's copy of recording {RecordingSid} of call {CallSid}: our stored copy is {Found} bytes, not the {Expected} stored")]
    private static partial void LogNotVerified(ILogger logger, string recordingSid, string callSid, long? found, long expected);
}

public sealed class DeleteTwilioCopyCommandValidator : AbstractValidator<DeleteTwilioCopyCommand>
{
    public DeleteTwilioCopyCommandValidator()
    {
        RuleFor(c => c.CallSid).MustBeCallSid();
        RuleFor(c => c.RecordingSid).MustBeRecordingSid();
    }
}
