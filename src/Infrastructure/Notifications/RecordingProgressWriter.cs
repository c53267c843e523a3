using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// Writes a download's progress with one UPDATE on a short-lived (pooled) connection of its own, outside any
/// transaction, while the download job streams. Only a recording that is still downloading is changed, so a late
/// progress report cannot overwrite a finished or failed one.
/// </summary>
/// <remarks>
/// Progress is informative: a write that fails (the database blips) is logged as a warning and the download goes on;
/// the download's outcome is written in its own transaction afterwards.
/// </remarks>
public sealed partial class RecordingProgressWriter(
    string connectionString,
    ILogger<RecordingProgressWriter> logger) : IRecordingProgressWriter
{
    private const string Sql =
        "UPDATE call_recordings SET bytes_downloaded = @bytes, total_bytes = @total " +
        "WHERE call_sid = @sid AND recording_sid = @recording AND state = @state";

    private static readonly string DownloadingState = nameof(RecordingState.Downloading);

    public async Task WriteAsync(string callSid, string recordingSid, long bytesDownloaded, long? totalBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callSid);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesDownloaded);

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var update = new NpgsqlCommand(Sql, connection);
            update.Parameters.Add(new NpgsqlParameter<long>("bytes", NpgsqlDbType.Bigint) { TypedValue = bytesDownloaded });
            update.Parameters.Add(new NpgsqlParameter("total", NpgsqlDbType.Bigint) { Value = totalBytes is { } total ? total : DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter<string>("sid", NpgsqlDbType.Varchar) { TypedValue = callSid });
            update.Parameters.Add(new NpgsqlParameter<string>("recording", NpgsqlDbType.Varchar) { TypedValue = recordingSid });
            update.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Varchar) { TypedValue = DownloadingState });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(logger, ex, callSid, bytesDownloaded);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The download progress of call {CallSid} ({Bytes} bytes) could not be written; the download goes on")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string callSid, long bytes);
}
