using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Retention.Commands.ExpireRecording;

namespace Recordings.Application.Retention.Commands.ExpireTranscript;

/// <summary>
/// Removes one call's transcript and summary under the retention policy (their state becomes <c>expired</c>): sent by
/// the retention sweep, several at once, each in a scope of its own.
/// </summary>
public sealed record ExpireTranscriptCommand(string CallSid) : ICommand<ExpiryOutcome>;

public sealed class ExpireTranscriptCommandHandler(ICallRepository calls, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<ExpireTranscriptCommand, ExpiryOutcome>
{
    public async ValueTask<ExpiryOutcome> Handle(ExpireTranscriptCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await unitOfWork.UpdateCallAsync(calls, command.CallSid, call => call.ExpireTranscript(time.GetUtcNow()), cancellationToken)
            ? ExpiryOutcome.Expired
            : ExpiryOutcome.Unchanged;
    }
}
