using Mediator;
using Recordings.Domain.Common;

namespace Recordings.Application.Common.Events;

/// <summary>
/// A domain event, published through the mediator once the transaction that stored it has committed. One notification
/// type wraps every event (the mediator's source generator needs concrete message types, and the domain knows no
/// mediator); <see cref="PipelineStep{TEvent}"/> picks out the event a handler is for.
/// </summary>
public sealed record DomainEventNotification(IDomainEvent Event) : INotification;

/// <summary>A handler of one kind of domain event: a step of the pipeline (or, later, a listener such as the audit).</summary>
public abstract class PipelineStep<TEvent> : INotificationHandler<DomainEventNotification>
    where TEvent : IDomainEvent
{
    public ValueTask Handle(DomainEventNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Event is TEvent domainEvent ? HandleAsync(domainEvent, cancellationToken) : ValueTask.CompletedTask;
    }

    protected abstract ValueTask HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Publishes stored domain events to their handlers (the unit of work calls it after commit).</summary>
public interface IDomainEventDispatcher
{
    Task DispatchAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken);
}

internal sealed class MediatorDomainEventDispatcher(IPublisher publisher) : IDomainEventDispatcher
{
    public async Task DispatchAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var domainEvent in events)
        {
            await publisher.Publish(new DomainEventNotification(domainEvent), cancellationToken);
        }
    }
}
