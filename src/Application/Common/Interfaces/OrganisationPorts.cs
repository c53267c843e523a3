using Recordings.Domain.Organisation;

namespace Recordings.Application.Common.Interfaces;

/// <summary>Each business's people as one snapshot (<see cref="OrgChart"/>), which decides who sees which call.</summary>
public interface IOrgCharts
{
    /// <summary>
    /// The business's org chart as it is now: a node may answer from memory, which every change announced by
    /// <see cref="IOrganisationChanges"/> makes it forget on every node, so that a change takes effect on the next request.
    /// </summary>
    Task<OrgChart> GetAsync(Guid businessId, CancellationToken cancellationToken);
}

/// <summary>Which of a business's accounts a call's parties are (their identities: <c>client:</c>, E.164, <c>sip:</c>).</summary>
public interface IAccountDirectory
{
    /// <summary>The accounts of <paramref name="businessId"/> whose identities are among <paramref name="identities"/> (normalised).</summary>
    Task<IReadOnlyList<Guid>> FindByIdentitiesAsync(Guid businessId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);
}

/// <summary>Announces that a business's people changed (a role, a team, an identity, a disable, who agents see).</summary>
public interface IOrganisationChanges
{
    /// <summary>
    /// Called in the transaction that makes the change (or right after a change saved without one): every node forgets
    /// the business's org chart once it commits; this node at once.
    /// </summary>
    Task AnnounceAsync(Guid businessId, CancellationToken cancellationToken);
}
