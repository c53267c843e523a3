using Mediator;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Reconciliation.Queries.GetReconciliationReport;

/// <summary>The last reconciliation run's report (for <c>GET /api/admin/reconciliation</c>), or null before the first.</summary>
public sealed record GetReconciliationReportQuery : IQuery<ReconciliationReport?>;

public sealed class GetReconciliationReportQueryHandler(IReconciliationReports reports)
    : IQueryHandler<GetReconciliationReportQuery, ReconciliationReport?>
{
    public async ValueTask<ReconciliationReport?> Handle(GetReconciliationReportQuery query, CancellationToken cancellationToken) =>
        await reports.LatestAsync(cancellationToken);
}
