using System.Data;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Paging;

namespace Recordings.Infrastructure.Data.Repositories;

/// <summary>
/// A list's total without counting every match: the matches are counted up to <see cref="Paging.ExactTotalLimit"/>
/// (the count reads at most that many index entries); beyond it the total is PostgreSQL's estimate of the rows the
/// same query returns (its plan's row count, from the table's statistics), never less than the limit.
/// </summary>
internal static class ListTotals
{
    public static async Task<ListTotal> CountAsync<T>(RecordingsDbContext db, IQueryable<T> matches, CancellationToken cancellationToken)
    {
        var counted = await matches.Select(_ => 1).Take(Paging.ExactTotalLimit + 1).CountAsync(cancellationToken);
        if (counted <= Paging.ExactTotalLimit)
        {
            return new ListTotal(counted, false);
        }

        var estimate = await EstimateAsync(db, matches.Select(_ => 1), cancellationToken);
        return new ListTotal((int)Math.Clamp(estimate, Paging.ExactTotalLimit + 1, int.MaxValue), true);
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
