using System.Data;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Paging;

namespace Recordings.Infrastructure.Data.Repositories;

/// <summary>
/// A list's total without counting every match. PostgreSQL's estimate of the query's rows comes first (EXPLAIN, which
/// runs nothing: a millisecond); when it is far beyond <see cref="Paging.ExactTotalLimit"/> (ten times), the estimate is
/// the answer, since counting even the first 10,001 matches of a word most calls contain means reading a posting list
/// of hundreds of thousands. Otherwise the matches are counted up to the limit (at most that many rows read), exactly;
/// beyond it the estimate stands, never less than the limit.
/// </summary>
internal static class ListTotals
{
    /// <summary>An estimate this far above the limit is trusted without counting.</summary>
    public const int TrustedEstimateFactor = 10;

    public static async Task<ListTotal> CountAsync<T>(RecordingsDbContext db, IQueryable<T> matches, CancellationToken cancellationToken)
    {
        var estimate = await EstimateAsync(db, matches.Select(_ => 1), cancellationToken);
        if (estimate >= (double)Paging.ExactTotalLimit * TrustedEstimateFactor)
        {
            return new ListTotal((int)Math.Min(estimate, int.MaxValue), true);
        }

        var counted = await matches.Select(_ => 1).Take(Paging.ExactTotalLimit + 1).CountAsync(cancellationToken);
        return counted <= Paging.ExactTotalLimit
            ? new ListTotal(counted, false)
            : new ListTotal((int)Math.Clamp(estimate, Paging.ExactTotalLimit + 1, int.MaxValue), true);
    }

    /// <summary>The planner's row estimate of the query (EXPLAIN, which runs nothing).</summary>
    private static async Task<double> EstimateAsync<T>(RecordingsDbContext db, IQueryable<T> query, CancellationToken cancellationToken)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        var connection = command.Connection!;
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var plan = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "[]";
            using var document = JsonDocument.Parse(plan);
            return document.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
