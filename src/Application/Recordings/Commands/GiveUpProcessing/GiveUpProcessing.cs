using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.GiveUpProcessing;

/// <summary>
/// A step's job gave up after its last attempt: the step is marked failed, with the last failure's reason. The
/// recording (and a done transcript) stay as they are.
/// </summary>
public sealed record GiveUpProcessingCommand(string CallSid, ProcessingStep Step) : ICommand<bool>;

public sealed class GiveUpProcessingCommandHandler(ICallRepository calls, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<GiveUpProcessingCommand, bool>
{
    public async ValueTask<bool> Handle(GiveUpProcessingCommand command, CancellationToken cancellationToken) =>
        await unitOfWork.UpdateCallAsync(calls, command.CallSid, call =>
            call.FailProcessing(command.Step, call.ProcessingError ?? $"The {command.Step.ToString().ToLowerInvariant()} gave up.", time.GetUtcNow()),
            cancellationToken);
}
