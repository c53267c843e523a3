using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Data.Search;

/// <summary>
/// The newest calls that match a tsquery, without trusting PostgreSQL's guess of how many match. The planner cannot
/// estimate a lexeme it has no statistics for (a rare word, any phone digits): it assumes 0.5 % of the rows match and
/// walks the newest-first index, filtering, which for a word no call has means reading every call's document (seconds
/// at a million calls). So this asks in two bounded steps:
/// <list type="number">
/// <item>the newest <see cref="Window"/> candidates, filtered (a common word fills the page here; at most
/// <see cref="Window"/> documents read);</item>
/// <item>otherwise the word is rare (fewer than one match in <c>Window / limit</c> calls): every match through the GIN
/// index, sorted, with the newest-first index scan and the sequential scan turned off for that one statement
/// (<c>SET LOCAL</c>, in a transaction of its own).</item>
/// </list>
/// </summary>
public static class SearchPaging
{
    /// <summary>How many of the newest candidates the first step reads.</summary>
    public const int Window = 4000;

    private const string ThroughTheIndex = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off";
    private const string AsBefore = "RESET enable_indexscan; RESET enable_seqscan";

    /// <summary>
    /// At most <paramref name="limit"/> of <paramref name="candidates"/> (the business, the filters and the cursor
    /// applied; no order) that match <paramref name="query"/>, in the order <paramref name="newestFirst"/> gives (which a
    /// btree index must serve), projected by <paramref name="select"/>.
    /// </summary>
    public static async Task<List<T>> NewestMatchesAsync<T>(
        RecordingsDbContext db,
        IQueryable<CallLog> candidates,
        NpgsqlTsQuery query,
        Func<IQueryable<CallLog>, IOrderedQueryable<CallLog>> newestFirst,
        Expression<Func<CallLog, T>> select,
        int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Not ordered again outside the window: that would sort the whole window before the first row; PostgreSQL reads
        // the ordered subquery in its order and stops at the limit.
        var recent = await newestFirst(candidates).Take(Window).Where(Matches(query))
            .Take(limit).Select(select).ToListAsync(cancellationToken);
        if (recent.Count >= limit)
        {
            return recent;
        }

        return await ThroughTheIndexAsync(
            db, ct => newestFirst(candidates.Where(Matches(query))).Take(limit).Select(select).ToListAsync(ct), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="read"/> with the newest-first index scan and the sequential scan turned off (so that a
    /// search is answered through its GIN index whatever the planner guesses of a word), in a transaction of its own,
    /// or in the caller's with the settings put back afterwards.
    /// </summary>
    public static async Task<T> ThroughTheIndexAsync<T>(RecordingsDbContext db, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(read);
        if (db.Database.CurrentTransaction is not null)
        {
            await db.Database.ExecuteSqlRawAsync(ThroughTheIndex, cancellationToken);
            try
            {
                return await read(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(AsBefore, CancellationToken.None);
            }
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(ThroughTheIndex, ct);
            var result = await read(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }

    /// <summary><c>search_document @@ query</c>, for LINQ.</summary>
    public static Expression<Func<CallLog, bool>> Matches(NpgsqlTsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return c => EF.Property<NpgsqlTsVector>(c, SearchDocument.PropertyName).Matches(query);
    }
}
