using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Application.Common.Models;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.PrepareRecording;

/// <summary>Makes sure the call's recording will be playable: queues a download when it is at Twilio or failed.</summary>
/// <param name="Wait">How long to hold the answer while the download is pending (<c>Prefer: wait</c>); zero answers at once.</param>
public sealed record PrepareRecordingCommand(string CallSid, TimeSpan Wait) : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class PrepareRecordingCommandHandler(RecordingPreparation preparation)
    : ICommandHandler<PrepareRecordingCommand, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(PrepareRecordingCommand command, CancellationToken cancellationToken)
    {
        var prepared = await preparation.PrepareAsync(command.CallSid, queueDownload: true, retryFailed: true, command.Wait, cancellationToken);
        if (prepared is null || prepared.Call.Recording.State == RecordingState.Missing)
        {
            throw RecordingAnswer.NotFound();
        }

        var status = preparation.ToStatus(prepared.Call);
        return prepared.Call.Recording.State switch
        {
            RecordingState.Ready => RecordingAnswer.Ready(status, prepared.WaitApplied),
            RecordingState.Failed => RecordingAnswer.Failed(status, prepared.WaitApplied),
            _ => RecordingAnswer.Pending(status, prepared.WaitApplied),
        };
    }
}

public sealed class PrepareRecordingCommandValidator : AbstractValidator<PrepareRecordingCommand>
{
    public PrepareRecordingCommandValidator() => RuleFor(c => c.CallSid).MustBeCallSid();
}
