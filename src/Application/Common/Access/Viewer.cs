using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Common.Access;

/// <summary>
/// The signed-in account a request runs for, as the rule of who sees which call knows it: its role, the calls it may
/// see (<see cref="Scope"/>, from <see cref="OrgChart.ScopeOf"/>), and its business's org chart (to name a call's agents
/// and teams). Every read of a call on behalf of a person takes one (the scoped read ports).
/// </summary>
public sealed record Viewer(Guid AccountId, AccountRole Role, CallScope Scope, OrgChart Chart)
{
    public Guid BusinessId => Scope.BusinessId;
}

/// <summary>The viewer of the current request.</summary>
public interface ICurrentViewer
{
    /// <summary>The request's viewer; 401 without a session, or when its account is no longer an enabled account of its business.</summary>
    ValueTask<Viewer> GetAsync(CancellationToken cancellationToken);
}

/// <summary>Reads the viewer once per request from the session's account and its business's org chart.</summary>
public sealed class CurrentViewer(ICurrentAgent currentAgent, IOrgCharts charts) : ICurrentViewer
{
    private Viewer? _viewer;

    public async ValueTask<Viewer> GetAsync(CancellationToken cancellationToken)
    {
        if (_viewer is not null)
        {
            return _viewer;
        }

        var accountId = currentAgent.AgentId;
        var chart = await charts.GetAsync(currentAgent.BusinessId, cancellationToken);
        if (chart.ScopeOf(accountId) is not { } scope || chart.Account(accountId) is not { } account)
        {
            throw new UnauthorizedException("unauthenticated", "Log in first.");
        }

        return _viewer = new Viewer(accountId, account.Role, scope, chart);
    }
}
