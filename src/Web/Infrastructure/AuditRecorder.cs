using System.Security.Claims;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Records what the request's agent did in the audit trail: who (the session's agent and business), from where (the
/// client's address, as the trusted proxy reported it, and its User-Agent) and when. Part of the web layer because
/// what it records (the answer's status, the address, the User-Agent) are HTTP's; the entry is queued, never awaited
/// (<see cref="IAuditLog"/>).
/// </summary>
public sealed class AuditRecorder(IHttpContextAccessor accessor, IAuditLog log, TimeProvider time)
{
    /// <summary>Records the action now (the request was answered with what it asked for).</summary>
    public void Record(AuditAction action, string callSid, string? recordingSid)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("Auditing needs the request.");
        var email = context.User.FindFirstValue(ClaimTypes.Name);
        if (email is null || !Guid.TryParse(context.User.FindFirstValue(CurrentAgent.BusinessIdClaim), out var businessId))
        {
            return; // Not an agent's session: nothing an agent did.
        }

        log.Append(AuditEntry.Create(time.GetUtcNow(), action, email, businessId, callSid, recordingSid,
            context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString()));
    }

    /// <summary>
    /// Records the action when the answer starts, if its status is one of <paramref name="statuses"/> (a play is a
    /// 200, 206 or 307 of the audio; not a 304, a 416 or an error).
    /// </summary>
    public void RecordWhenAnswered(AuditAction action, string callSid, string? recordingSid, params int[] statuses)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("Auditing needs the request.");
        context.Response.OnStarting(() =>
        {
            if (statuses.Contains(context.Response.StatusCode))
            {
                Record(action, callSid, recordingSid);
            }

            return Task.CompletedTask;
        });
    }
}
