using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Insight;

/// <summary>A row of <c>recording_peaks</c>: the lanes' speakers (JSON) and their peaks, one byte each, lane after lane.</summary>
public sealed class RecordingPeaksRow
{
    public string CallSid { get; set; } = string.Empty;

    public string RecordingSid { get; set; } = string.Empty;

    public double DurationSeconds { get; set; }

    public string Speakers { get; set; } = "[]";

    public byte[] Peaks { get; set; } = [];
}

internal sealed class RecordingPeaksStore(RecordingsDbContext db) : IRecordingPeaksStore
{
    public async Task SaveAsync(string callSid, string recordingSid, double durationSeconds, IReadOnlyList<PeakLane> lanes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        var speakers = JsonSerializer.Serialize(lanes.Select(l => l.Speaker).ToList());
        var peaks = lanes.SelectMany(l => l.Peaks).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO recording_peaks (call_sid, recording_sid, duration_seconds, speakers, peaks)
            VALUES ({callSid}, {recordingSid}, {durationSeconds}, CAST({speakers} AS jsonb), {peaks})
            ON CONFLICT (call_sid, recording_sid) DO UPDATE
                SET duration_seconds = excluded.duration_seconds, speakers = excluded.speakers, peaks = excluded.peaks
            """, cancellationToken);
    }

    public async Task<StoredPeaks?> FindAsync(string callSid, string recordingSid, CancellationToken cancellationToken)
    {
        var row = await db.RecordingPeaks.AsNoTracking()
            .SingleOrDefaultAsync(p => p.CallSid == callSid && p.RecordingSid == recordingSid, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var speakers = JsonSerializer.Deserialize<List<string?>>(row.Speakers) ?? [];
        var size = AudioInsight.PeakBuckets;
        var lanes = speakers.Select((speaker, i) => new PeakLane(speaker, row.Peaks.AsSpan(i * size, Math.Min(size, row.Peaks.Length - (i * size))).ToArray()))
            .ToList();
        return new StoredPeaks(row.DurationSeconds, lanes);
    }

    public Task DeleteAsync(string callSid, string recordingSid, CancellationToken cancellationToken) =>
        db.RecordingPeaks.Where(p => p.CallSid == callSid && p.RecordingSid == recordingSid).ExecuteDeleteAsync(cancellationToken);
}
