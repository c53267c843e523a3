using Recordings.Application.Common.Access;
using Recordings.Domain.Organisation;

namespace Recordings.Testing;

/// <summary>Viewers for tests that read calls through the scoped read ports.</summary>
internal static class Viewers
{
    /// <summary>An admin of <paramref name="businessId"/>: sees every call of the business.</summary>
    public static Viewer AdminOf(Guid businessId)
    {
        var accountId = Guid.Parse("0195a000-0000-7000-8000-0000000000ad");
        var chart = new OrgChart(businessId, AgentsSee.Business, [new OrganisationAccount(accountId, AccountRole.Admin, false, [])], []);
        return new Viewer(accountId, AccountRole.Admin, chart.ScopeOf(accountId)!, chart);
    }
}
