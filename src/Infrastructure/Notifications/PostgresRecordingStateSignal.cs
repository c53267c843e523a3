using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Common;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// Recording state announcements over PostgreSQL NOTIFY, so that they reach every node. Scoped: it publishes on the
/// request's (or job's) own <see cref="RecordingsDbContext"/> connection, inside its transaction, so the notification
/// goes out when that transaction commits and never when it rolls back. Subscriptions are kept by the node's
/// singleton <see cref="RecordingStateWaiters"/>, which every node's LISTEN connection wakes.
/// </summary>
public sealed class PostgresRecordingStateSignal(RecordingsDbContext db, RecordingStateWaiters waiters) : IRecordingStateSignal
{
    /// <remarks>On <see cref="RecordingStateChannel"/>: the payload is <c>{callSid}</c>, or <c>{callSid}/{recordingSid}</c> when one recording changed.</remarks>
    public async Task PublishAsync(string callSid, string? recordingSid, CancellationToken cancellationToken)
    {
        if (!Sid.IsCallSid(callSid))
        {
            throw new ArgumentException("Not a call SID (CA followed by 32 hex digits).", nameof(callSid));
        }

        if (recordingSid is not null && !Sid.IsRecordingSid(recordingSid))
        {
            throw new ArgumentException("Not a recording SID (RE followed by 32 hex digits).", nameof(recordingSid));
        }

        // pg_notify rather than NOTIFY: the channel and payload are parameters, never spliced into SQL.
        var payload = RecordingStateChannel.Payload(callSid, recordingSid);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RecordingStateChannel.Name}, {payload})", cancellationToken);
    }

    public IRecordingStateSubscription Subscribe(string callSid) => waiters.Subscribe(callSid);
}
