using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.PrepareRecording;

/// <summary>Makes sure the call's recording will be playable: queues a download when it is at Twilio or failed.</summary>
/// <param name="Wait">How long to hold the answer while the download is pending (<c>Prefer: wait</c>); zero answers at once.</param>
/// <param name="RecordingSid">Which of the call's recordings (<c>?recordingSid=</c>); null: the first.</param>
public sealed record PrepareRecordingCommand(string CallSid, TimeSpan Wait, string? RecordingSid = null) : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class PrepareRecordingCommandHandler(RecordingPreparation preparation)
    : ICommandHandler<PrepareRecordingCommand, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(PrepareRecordingCommand command, CancellationToken cancellationToken)
    {
        using var lookup = await preparation.FindAsync(command.CallSid, command.RecordingSid, command.Wait, cancellationToken)
            ?? throw RecordingAnswer.NotFound();
        var outcome = await preparation.DecideAsync(lookup, RecordingRequest.Prepare, cancellationToken);
        return RecordingAnswer.For(outcome.Decision, preparation.ToStatus(lookup, outcome.Call), lookup.WaitApplied);
    }
}

public sealed class PrepareRecordingCommandValidator : AbstractValidator<PrepareRecordingCommand>
{
    public PrepareRecordingCommandValidator()
    {
        RuleFor(c => c.CallSid).MustBeCallSid();
        RuleFor(c => c.RecordingSid).MustBeRecordingSid().When(c => c.RecordingSid is not null);
    }
}
