using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// Readiness degrades while any recording whose only copy is ours (Twilio's was deleted) is missing from storage: the
/// node still serves, but recordings are lost until the storage is restored, and an operator must know.
/// </summary>
public sealed class LostOnlyCopiesHealthCheck(RecordingsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lost = await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings)
            .CountAsync(r => r.State == RecordingState.Failed && r.TwilioCopyDeletedAt != null, cancellationToken);
        return lost == 0
            ? HealthCheckResult.Healthy("No recording's only copy is missing.")
            : HealthCheckResult.Degraded(
                $"{lost} recording(s) whose only copy (Twilio's was deleted) is missing from storage; restore the storage.");
    }
}
