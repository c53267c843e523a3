using System.Reflection;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Common.Access;

/// <summary>Only accounts with one of these roles may send the message (checked by <see cref="RoleBehaviour{TMessage,TResponse}"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresRoleAttribute(params AccountRole[] roles) : Attribute
{
    public IReadOnlyList<AccountRole> Roles { get; } = roles;
}

/// <summary>
/// Refuses a message marked <see cref="RequiresRoleAttribute"/> with 403 <c>forbidden</c> when the request's account
/// has none of its roles (read from the org chart on each request, never from the session: a demotion takes effect on
/// the next request). Runs after validation, before the handler.
/// </summary>
public sealed class RoleBehaviour<TMessage, TResponse>(IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly IReadOnlyList<AccountRole>? Roles = typeof(TMessage).GetCustomAttribute<RequiresRoleAttribute>()?.Roles;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (Roles is not null)
        {
            var viewer = await ((ICurrentViewer)services.GetService(typeof(ICurrentViewer))!).GetAsync(cancellationToken);
            if (!Roles.Contains(viewer.Role))
            {
                throw new ForbiddenException("forbidden", "Your role may not do this.");
            }
        }

        return await next(message, cancellationToken);
    }
}
