using Npgsql;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>Rows of the calls table written directly, in the states a test needs (as another node would have left them).</summary>
internal static class CallRows
{
    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    /// <summary>The SID of the one recording <see cref="InsertAsync"/> gives a call.</summary>
    public static string RecordingSidOf(string callSid) => "RE" + callSid[2..];

    public static async Task InsertAsync(string connectionString, string callSid, string recordingState, DateTimeOffset updatedAt)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO calls (call_sid, account_sid, direction, status, created_at, updated_at, transcript_state, summary_state)
            VALUES (@sid, 'AC0123456789abcdef0123456789abcdef', 'Inbound', 'Completed', @at, @at, 'None', 'None');
            INSERT INTO call_recordings (call_sid, recording_sid, position, transcribed, recording_url, state, completed_at)
            VALUES (@sid, @recording, 0, false,
                    'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/' || @recording,
                    @state, @at)
            """,
            connection);
        insert.Parameters.AddWithValue("sid", callSid);
        insert.Parameters.AddWithValue("recording", RecordingSidOf(callSid));
        insert.Parameters.AddWithValue("at", updatedAt);
        insert.Parameters.AddWithValue("state", recordingState);
        await insert.ExecuteNonQueryAsync();
    }

    public static async Task<(long? Bytes, long? Total)> ProgressAsync(string connectionString, string callSid)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT bytes_downloaded, total_bytes FROM call_recordings WHERE call_sid = @sid", connection);
        select.Parameters.AddWithValue("sid", callSid);
        await using var reader = await select.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (
            reader.IsDBNull(0) ? null : reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    public static async Task<long> CountAsync(string connectionString, string sql, string? callSid = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(sql, connection);
        if (callSid is not null)
        {
            count.Parameters.AddWithValue("sid", callSid);
        }

        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
