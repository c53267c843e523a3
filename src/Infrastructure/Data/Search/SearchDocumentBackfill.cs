using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Data.Search;

/// <summary>
/// Builds the search document of calls stored before search existed (<c>search_document IS NULL</c>), in the
/// background after start-up, <see cref="BatchSize"/> calls per transaction: the migration only adds the column, so a
/// database of millions of calls starts at once and becomes searchable batch by batch. Rows are locked with
/// <c>SKIP LOCKED</c>, so several nodes share the work and a call being saved meanwhile (which writes its own document)
/// is left to that save. Until a call is reached, a search does not find it.
/// </summary>
public sealed partial class SearchDocumentBackfill(
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SearchDocumentBackfill> logger) : BackgroundService
{
    /// <summary>A batch the database failed is tried again (Polly, jittered backoff from 2 s to a minute) until the node stops.</summary>
    public static readonly Common.BackgroundRetry Retry = new("search-backfill", TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    public const int BatchSize = 500;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(stoppingToken);
            var total = 0;
            var pipeline = Retry.Build(time, args =>
            {
                LogBatchFailed(logger, args.Outcome.Exception!, args.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            });
            while (!stoppingToken.IsCancellationRequested)
            {
                var done = await pipeline.ExecuteAsync(async ct => await RunBatchAsync(scopes, ct), stoppingToken);
                total += done;
                if (done < BatchSize)
                {
                    break;
                }

                if (total % (BatchSize * 20) == 0)
                {
                    LogProgress(logger, total);
                }
            }

            if (total > 0)
            {
                LogDone(logger, total);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Builds the documents of one batch of calls that have none; returns how many.</summary>
    public static async Task<int> RunBatchAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var rows = new List<(string CallSid, string? From, string? To, string? Segments)>();
            await using (var select = new NpgsqlCommand(
                "SELECT call_sid, \"from\", \"to\", transcript_segments::text FROM calls WHERE search_document IS NULL " +
                "LIMIT @limit FOR UPDATE SKIP LOCKED", connection))
            {
                select.Parameters.AddWithValue("limit", BatchSize);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }

            if (rows.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection);
                foreach (var row in rows)
                {
                    var segments = row.Segments is null ? [] : JsonSerializer.Deserialize<List<TranscriptSegment>>(row.Segments, JsonOptions) ?? [];
                    var update = new NpgsqlBatchCommand("UPDATE calls SET search_document = @document WHERE call_sid = @sid");
                    update.Parameters.AddWithValue("document", SearchDocument.Build(row.From, row.To, segments));
                    update.Parameters.AddWithValue("sid", row.CallSid);
                    batch.BatchCommands.Add(update);
                }

                await batch.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return rows.Count;
        }, cancellationToken);
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search backfill: a batch failed ({Failures} in a row); trying again")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search backfill: {Total} calls indexed so far")]
    private static partial void LogProgress(ILogger logger, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search backfill: done, {Total} calls indexed")]
    private static partial void LogDone(ILogger logger, int total);
}
