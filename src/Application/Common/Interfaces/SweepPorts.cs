using Mediator;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Sends a command in a scope of its own (its own unit of work and repositories), so that a sweep can run several at
/// once (a unit of work is for one thing at a time). Through the same pipeline as any command.
/// </summary>
public interface IScopedSender
{
    Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken);
}
