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

    public int Checked { get; set; }

    public int Missing { get; set; }

    public DateTimeOffset? ListedFrom { get; set; }

    public DateTimeOffset? Watermark { get; set; }
}

/// <summary>
/// An account's reconciliation watermark, as kept in <c>reconciliation_watermarks</c>: every recording Twilio created
/// before <see cref="ListedThrough"/> was listed and checked (the next run lists from it minus the overlap).
/// </summary>
public sealed class ReconciliationWatermark
{
    public string AccountSid { get; set; } = string.Empty;

    public DateTimeOffset ListedThrough { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ReconciliationWatermarkConfiguration : IEntityTypeConfiguration<ReconciliationWatermark>
{
    public void Configure(EntityTypeBuilder<ReconciliationWatermark> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("reconciliation_watermarks");
        builder.HasKey(w => w.AccountSid);
        builder.Property(w => w.AccountSid).HasMaxLength(34);
    }
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
/// when a new one is added), and the account's watermark, written in the same save as the report that moved it.
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
            Checked = report.Checked,
            Missing = report.Missing,
            ListedFrom = report.ListedFrom,
            Watermark = report.Watermark,
        });
        if (report is { AccountSid: { } accountSid, Watermark: { } watermark })
        {
            var kept = await db.ReconciliationWatermarks.FindAsync([accountSid], cancellationToken);
            if (kept is null)
            {
                db.ReconciliationWatermarks.Add(new ReconciliationWatermark { AccountSid = accountSid, ListedThrough = watermark, UpdatedAt = report.RanAt });
            }
            else if (kept.ListedThrough != watermark)
            {
                kept.ListedThrough = watermark;
                kept.UpdatedAt = report.RanAt;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var cutoff = report.RanAt - KeptFor;
        await db.ReconciliationRuns.Where(r => r.RanAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<ReconciliationReport?> LatestAsync(CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.RanAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return run is null
            ? null
            : new ReconciliationReport(run.RanAt, run.Seconds, run.Listed, run.Backfilled, run.Unattributed, run.Errors,
                run.Checked, run.Missing, run.ListedFrom, run.Watermark);
    }

    public async Task<DateTimeOffset?> WatermarkAsync(string accountSid, CancellationToken cancellationToken) =>
        await db.ReconciliationWatermarks.AsNoTracking().Where(w => w.AccountSid == accountSid)
            .Select(w => (DateTimeOffset?)w.ListedThrough).SingleOrDefaultAsync(cancellationToken);
}
