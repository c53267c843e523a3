using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Data.Repositories;

internal sealed class CallRepository(RecordingsDbContext db) : ICallRepository
{
    private const string Savepoint = "create_call";

    public async Task<CallLog> GetOrCreateForUpdateAsync(string callSid, string accountSid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Calls are locked for update only inside a transaction.");

        var existing = await LockAsync(callSid, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var created = CallLog.Create(callSid, accountSid, now);
        db.Calls.Add(created);
        await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
        try
        {
            // Inserting takes the row lock too; a concurrent callback for the same call waits for our commit.
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another callback for this call inserted it first: use (and lock) theirs.
            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            db.Entry(created).State = EntityState.Detached;
            return await LockAsync(callSid, cancellationToken)
                ?? throw new InvalidOperationException($"Call {callSid} vanished while it was being created.");
        }
    }

    public Task<CallLog?> FindForUpdateAsync(string callSid, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Calls are locked for update only inside a transaction.");
        }

        return LockAsync(callSid, cancellationToken);
    }

    public Task<CallLog?> FindAsync(string callSid, CancellationToken cancellationToken) =>
        db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.CallSid == callSid, cancellationToken);

    public async Task<IReadOnlyList<PendingDownload>> ListPendingDownloadsAsync(CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings
                .Where(r => r.State == RecordingState.Queued || r.State == RecordingState.Downloading)
                .Select(r => new PendingDownload(c.CallSid, r.RecordingSid!)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingDownload>> ListUnmeasuredRecordingsAsync(int limit, CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings
                .Where(r => r.State == RecordingState.Ready && r.AnalyzedAt == null)
                .Select(r => new { c.CallSid, r.RecordingSid, r.StoredAt }))
            .Where(r => !db.RecordingPeaks.Any(p => p.CallSid == r.CallSid && p.RecordingSid == r.RecordingSid))
            .OrderBy(r => r.StoredAt)
            .Take(limit)
            .Select(r => new PendingDownload(r.CallSid, r.RecordingSid!))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingDownload>> ListRecordingsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, int limit, CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .Where(c => c.BusinessId == businessId && (c.StartedAt ?? c.CreatedAt) < startedBefore)
            .OrderBy(c => c.StartedAt ?? c.CreatedAt)
            .SelectMany(c => c.Recordings
                .Where(r => r.State == RecordingState.Remote || r.State == RecordingState.Ready || r.State == RecordingState.Failed)
                .Select(r => new PendingDownload(c.CallSid, r.RecordingSid!)))
            .Take(limit)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListTranscriptsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, int limit, CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .Where(c => c.BusinessId == businessId && (c.StartedAt ?? c.CreatedAt) < startedBefore
                && c.TranscriptState != ProcessingState.None && c.TranscriptState != ProcessingState.Disabled
                && c.TranscriptState != ProcessingState.Expired)
            .OrderBy(c => c.StartedAt ?? c.CreatedAt)
            .Select(c => c.CallSid)
            .Take(limit)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Locks the call's row, then reads the call with its recordings in a statement of its own. Not in one statement:
    /// a statement that waited for the lock sees the locked row as its holder committed it, but reads the joined
    /// recordings as they were when the statement began, so a recording the holder added would be missed.
    /// </summary>
    private async Task<CallLog?> LockAsync(string callSid, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM calls WHERE call_sid = {callSid} FOR UPDATE", cancellationToken);
        return await db.Calls.SingleOrDefaultAsync(c => c.CallSid == callSid, cancellationToken);
    }
}
