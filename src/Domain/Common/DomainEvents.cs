namespace Recordings.Domain.Common;

/// <summary>
/// Something that happened to an aggregate, named in the past tense (or for what is now due), carrying ids and facts,
/// never services. Raising one is part of the state change its aggregate guards; it is published only after the
/// transaction that stored the change commits.
/// </summary>
public interface IDomainEvent;

/// <summary>An aggregate that collects the domain events of its changes until the unit of work takes them.</summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> _domainEvents = [];

    /// <summary>The events raised since the unit of work last took them.</summary>
    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents;

    /// <summary>Hands the raised events over (to be published once stored) and forgets them.</summary>
    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        var events = _domainEvents.ToArray();
        _domainEvents.Clear();
        return events;
    }

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);
}
