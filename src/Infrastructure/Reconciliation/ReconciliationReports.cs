using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Reconciliation;

/// <summary>One reconciliation run, as kept in <c>reconciliation_runs</c>.</summary>
public sealed class ReconciliationRun
{
    public long Id { get; set; }

    public DateTimeOffset RanAt { get; set; }

    public double Seconds { get; set; }

    public int Listed { get; set; }

    public int Backfilled { get; set; }

    public int Unattributed { get; set; }

    public string[] Errors { get; set; } = [];
}

public sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("reconciliation_runs");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.RanAt);
    }
}

/// <summary>
/// <see cref="IReconciliationReports"/> on the database: a row per run (runs older than <see cref="KeptFor"/> are removed
/// when a new one is added).
/// </summary>
public sealed class ReconciliationReports(RecordingsDbContext db) : IReconciliationReports
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public async Task AddAsync(ReconciliationReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        db.ReconciliationRuns.Add(new ReconciliationRun
        {
            RanAt = report.RanAt,
            Seconds = report.Seconds,
            Listed = report.Listed,
            Backfilled = report.Backfilled,
            Unattributed = report.Unattributed,
            Errors = [.. report.Errors],
        });
        await db.SaveChangesAsync(cancellationToken);
        var cutoff = report.RanAt - KeptFor;
        await db.ReconciliationRuns.Where(r => r.RanAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<ReconciliationReport?> LatestAsync(CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.RanAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return run is null ? null : new ReconciliationReport(run.RanAt, run.Seconds, run.Listed, run.Backfilled, run.Unattributed, run.Errors);
    }
}
