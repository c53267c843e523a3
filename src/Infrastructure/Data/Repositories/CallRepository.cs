using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Data.Configurations;

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

    public async Task<IReadOnlyList<string>> ListLegPartiesAsync(string parentCallSid, CancellationToken cancellationToken) =>
        (await db.Calls.AsNoTracking().Where(c => c.ParentCallSid == parentCallSid).Select(c => new { c.From, c.To }).ToListAsync(cancellationToken))
        .SelectMany(c => new[] { c.From, c.To }).OfType<string>().ToList();

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
                .Where(r => r.State == RecordingState.Ready && r.AnalyzedAt == null && r.Redaction != RedactionProgress.Pending)
                .Select(r => new { c.CallSid, r.RecordingSid, r.StoredAt }))
            .Where(r => !db.RecordingPeaks.Any(p => p.CallSid == r.CallSid && p.RecordingSid == r.RecordingSid))
            .OrderBy(r => r.StoredAt)
            .Take(limit)
            .Select(r => new PendingDownload(r.CallSid, r.RecordingSid!))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingDownload>> ListRecordingsAwaitingRedactionAsync(int limit, CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings
                .Where(r => r.Redaction == RedactionProgress.Pending && r.State == RecordingState.Ready && r.Transcribed)
                .Select(r => new { c.CallSid, r.RecordingSid, r.StoredAt }))
            .OrderBy(r => r.StoredAt)
            .Take(limit)
            .Select(r => new PendingDownload(r.CallSid, r.RecordingSid!))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListCallsWithProcessingDueAsync(ProcessingStep processing, int limit, CancellationToken cancellationToken)
    {
        var due = processing switch
        {
            ProcessingStep.Transcript => db.Calls.Where(c => c.TranscriptState == ProcessingState.Queued
                && c.Recordings.Any(r => r.State == RecordingState.Ready && !r.Transcribed)),
            ProcessingStep.Summary => db.Calls.Where(c => c.SummaryState == ProcessingState.Queued && c.TranscriptState == ProcessingState.Done),
            _ => throw new ArgumentOutOfRangeException(nameof(processing), processing, "Not a processing step."),
        };
        return await due.AsNoTracking().OrderBy(c => c.UpdatedAt).Take(limit).Select(c => c.CallSid).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PendingDownload>> ListFailedDownloadsToRetryAsync(DateTimeOffset queuedBefore, int limit, CancellationToken cancellationToken) =>
        await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings
                .Where(r => r.State == RecordingState.Failed && r.AutomaticRetries < Recording.MaxAutomaticRetries && r.TwilioCopyDeletedAt == null
                    && r.DownloadQueuedAt < queuedBefore)
                .Select(r => new { c.CallSid, r.RecordingSid, r.DownloadQueuedAt }))
            .OrderBy(r => r.DownloadQueuedAt)
            .Take(limit)
            .Select(r => new PendingDownload(r.CallSid, r.RecordingSid!))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<KeptOriginal>> ListKeptOriginalsAsync(PendingDownload? after, int limit, CancellationToken cancellationToken)
    {
        var rows = db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings
                .Where(r => r.Original!.WrappedKey != null)
                .Select(r => new { c.CallSid, RecordingSid = r.RecordingSid!, r.Original!.WrappedKey }));
        if (after is not null)
        {
            rows = rows.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.CallSid, r.RecordingSid), ValueTuple.Create(after.CallSid, after.RecordingSid)));
        }

        return await rows.OrderBy(r => r.CallSid).ThenBy(r => r.RecordingSid).Take(limit)
            .Select(r => new KeptOriginal(r.CallSid, r.RecordingSid, r.WrappedKey))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RecordingToExpire>> ListRecordingsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, RetentionKey? after, int limit, CancellationToken cancellationToken)
    {
        // Keyset over the partial index ix_calls_audio_to_expire (business_id, listed_at, call_sid) WHERE
        // has_audio_to_expire: the page's calls first (LIMIT), then their recordings that can expire.
        var rows = await After(AudioToExpire(businessId, startedBefore), after)
            .OrderBy(c => EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt)).ThenBy(c => c.CallSid)
            .Take(limit)
            .SelectMany(c => c.Recordings
                .Where(r => r.State == RecordingState.Remote || r.State == RecordingState.Ready || r.State == RecordingState.Failed)
                .Select(r => new { c.CallSid, r.RecordingSid, At = EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt), r.Position }))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.CallSid, StringComparer.Ordinal).ThenBy(r => r.Position)
            .Select(r => new RecordingToExpire(r.CallSid, r.RecordingSid!, new RetentionKey(r.At, r.CallSid)))];
    }

    public Task<int> CountRecordingsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, CancellationToken cancellationToken) =>
        AudioToExpire(businessId, startedBefore)
            .SelectMany(c => c.Recordings.Where(r => r.State == RecordingState.Remote || r.State == RecordingState.Ready || r.State == RecordingState.Failed))
            .CountAsync(cancellationToken);

    public async Task<IReadOnlyList<RetentionKey>> ListTranscriptsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, RetentionKey? after, int limit, CancellationToken cancellationToken)
    {
        // Keyset over the partial index ix_calls_transcript_to_expire (business_id, listed_at, call_sid).
        var rows = await After(TranscriptsToExpire(businessId, startedBefore), after)
            .OrderBy(c => EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt)).ThenBy(c => c.CallSid)
            .Select(c => new { At = EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt), c.CallSid })
            .Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new RetentionKey(r.At, r.CallSid))];
    }

    public Task<int> CountTranscriptsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, CancellationToken cancellationToken) =>
        TranscriptsToExpire(businessId, startedBefore).CountAsync(cancellationToken);

    public async Task<IReadOnlySet<string>> FindKnownRecordingSidsAsync(IReadOnlyCollection<string> recordingSids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordingSids);
        if (recordingSids.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        // One statement per page of Twilio's listing: recording_sid = ANY(@sids), served by ix_call_recordings_recording_sid.
        var sids = recordingSids.ToArray();
        var known = await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings)
            .Where(r => sids.Contains(r.RecordingSid!) && r.State != RecordingState.Missing)
            .Select(r => r.RecordingSid!)
            .ToListAsync(cancellationToken);
        return known.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<string?> FindCallOfRecordingForUpdateAsync(string recordingSid, CancellationToken cancellationToken)
    {
        // A transaction-level advisory lock on the SID (two-key form, its own class: no other lock shares the space),
        // then recording_sid = @sid, served by ix_call_recordings_recording_sid.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"SELECT pg_advisory_xact_lock({RecordingSidLockClass}, hashtext({recordingSid}))", cancellationToken);
        return await db.Calls.AsNoTracking()
            .SelectMany(c => c.Recordings, (c, r) => new { c.CallSid, r.RecordingSid })
            .Where(r => r.RecordingSid == recordingSid)
            .Select(r => r.CallSid)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The first key of the advisory locks on recording SIDs ("RE" in ASCII).</summary>
    public const int RecordingSidLockClass = 0x5245;

    private IQueryable<CallLog> AudioToExpire(Guid businessId, DateTimeOffset startedBefore) =>
        db.Calls.AsNoTracking().Where(c => c.BusinessId == businessId
            && EF.Property<bool>(c, CallLogConfiguration.HasAudioToExpire)
            && EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt) < startedBefore);

    private IQueryable<CallLog> TranscriptsToExpire(Guid businessId, DateTimeOffset startedBefore) =>
        db.Calls.AsNoTracking().Where(c => c.BusinessId == businessId
            && c.TranscriptState != ProcessingState.None && c.TranscriptState != ProcessingState.Disabled
            && c.TranscriptState != ProcessingState.Expired
            && EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt) < startedBefore);

    /// <summary>The calls after <paramref name="after"/> in (listed_at, call_sid) order: a row comparison the index serves.</summary>
    private static IQueryable<CallLog> After(IQueryable<CallLog> calls, RetentionKey? after) =>
        after is null
            ? calls
            : calls.Where(c => EF.Functions.GreaterThan(
                ValueTuple.Create(EF.Property<DateTimeOffset>(c, CallLogConfiguration.RetentionAt), c.CallSid),
                ValueTuple.Create(after.StartedAt, after.CallSid)));

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
