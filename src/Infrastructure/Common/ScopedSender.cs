using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Common;

/// <summary><see cref="IScopedSender"/>: a DI scope per command (its own DbContext), the command sent through its mediator.</summary>
public sealed class ScopedSender(IServiceScopeFactory scopes) : IScopedSender
{
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }
}
