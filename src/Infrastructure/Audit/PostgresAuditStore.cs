using Npgsql;
using NpgsqlTypes;
using Recordings.Domain.Audit;

namespace Recordings.Infrastructure.Audit;

/// <summary>Writes audit entries to where they are kept; <see cref="BufferedAuditLog"/> retries it while it fails.</summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends the entries in one transaction. A play, download or view whose agent already has one of the same call and
    /// recording within <paramref name="playWindow"/> before it (written by any node) is not written again.
    /// </summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, TimeSpan playWindow, CancellationToken cancellationToken);
}

/// <summary>The audit entries in PostgreSQL (<c>audit_entries</c>), on a pooled connection of their own.</summary>
public sealed class PostgresAuditStore(string connectionString) : IAuditStore
{
    private const string Insert = """
        INSERT INTO audit_entries (at, action, agent_email, business_id, call_sid, recording_sid, ip, user_agent)
        SELECT @at, @action, @agent, @business, @call, @recording, @ip, @agent_ua
        WHERE @action NOT IN ('Play', 'Download', 'View') OR NOT EXISTS (
            SELECT 1 FROM audit_entries p
            WHERE p.agent_email = @agent AND p.recording_sid IS NOT DISTINCT FROM @recording AND p.action = @action
              AND p.call_sid = @call AND p.at > @at - @window AND p.at <= @at)
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, TimeSpan playWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries)
        {
            var command = new NpgsqlBatchCommand(Insert);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = entry.At });
            command.Parameters.Add(new NpgsqlParameter<string>("action", NpgsqlDbType.Varchar) { TypedValue = entry.Action.ToString() });
            command.Parameters.Add(new NpgsqlParameter<string>("agent", NpgsqlDbType.Varchar) { TypedValue = entry.AgentEmail });
            command.Parameters.Add(new NpgsqlParameter<Guid>("business", NpgsqlDbType.Uuid) { TypedValue = entry.BusinessId });
            command.Parameters.Add(new NpgsqlParameter<string>("call", NpgsqlDbType.Varchar) { TypedValue = entry.CallSid });
            command.Parameters.Add(new NpgsqlParameter("recording", NpgsqlDbType.Varchar) { Value = (object?)entry.RecordingSid ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("ip", NpgsqlDbType.Varchar) { Value = (object?)entry.Ip ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("agent_ua", NpgsqlDbType.Varchar) { Value = (object?)entry.UserAgent ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("window", NpgsqlDbType.Interval) { TypedValue = playWindow });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
