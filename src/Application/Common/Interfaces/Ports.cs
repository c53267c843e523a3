using Recordings.Application.Common.Models;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>Businesses and the numbers they own.</summary>
public interface IBusinessRepository
{
    Task<bool> ExistsAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>Of the given numbers, those some business already owns.</summary>
    Task<IReadOnlyList<string>> FindTakenNumbersAsync(IReadOnlyCollection<string> phoneNumbers, CancellationToken cancellationToken);

    /// <summary>The business that owns a number, if any.</summary>
    Task<Guid?> FindOwnerOfNumberAsync(string phoneNumber, CancellationToken cancellationToken);

    /// <summary>Stores a new business; a number taken meanwhile by another business is a <c>phone_number_taken</c> conflict.</summary>
    Task AddAsync(Business business, CancellationToken cancellationToken);

    /// <summary>The business, tracked: its changes are stored by <see cref="IUnitOfWork.SaveChangesAsync"/>.</summary>
    Task<Business?> FindAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>The retention policies of the businesses that have one (audio or transcript days set).</summary>
    Task<IReadOnlyList<RetentionPolicy>> ListRetentionPoliciesAsync(CancellationToken cancellationToken);
}

/// <summary>A business's retention: after how many days audio, and transcripts, are deleted (null: kept forever).</summary>
public sealed record RetentionPolicy(Guid BusinessId, int? AudioDays, int? TranscriptDays);

/// <summary>Calls as Twilio's callbacks change them.</summary>
public interface ICallRepository
{
    /// <summary>
    /// The call with this SID, created when absent, and locked until the current transaction ends so that concurrent
    /// callbacks for one call apply one after the other. Must run inside <see cref="IUnitOfWork.InTransactionAsync"/>.
    /// </summary>
    Task<CallLog> GetOrCreateForUpdateAsync(string callSid, string accountSid, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The call with this SID locked until the current transaction ends, or null. Must run inside a transaction.</summary>
    Task<CallLog?> FindForUpdateAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>The call with this SID, read without a lock (for a quick look; change it only after locking).</summary>
    Task<CallLog?> FindAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>Recordings whose download is queued or running (to re-queue after a restart).</summary>
    Task<IReadOnlyList<PendingDownload>> ListPendingDownloadsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ready recordings that were never measured and have no peaks (an undecodable one has empty peaks), stored longest
    /// ago first, at most <paramref name="limit"/>: whose analysis job the heal sweep makes sure of. Read through a
    /// partial index of the unmeasured ready rows, a handful at any moment.
    /// </summary>
    Task<IReadOnlyList<PendingDownload>> ListUnmeasuredRecordingsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Recordings of the business's calls that started before <paramref name="startedBefore"/> and retention may
    /// expire (<c>Recording.CanExpire</c>), oldest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<PendingDownload>> ListRecordingsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Calls of the business that started before <paramref name="startedBefore"/> and still have a transcript or summary (or one on its way).</summary>
    Task<IReadOnlyList<string>> ListTranscriptsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, int limit, CancellationToken cancellationToken);
}

/// <summary>A recording whose download is queued or running.</summary>
public sealed record PendingDownload(string CallSid, string RecordingSid);

/// <summary>How the calls list is ordered: <c>newest</c> first (by start), or <c>silence</c>: the most silence first.</summary>
public enum CallListOrder
{
    Newest,
    Silence,
}

/// <summary>What agents read about their business's calls.</summary>
public interface ICallReadRepository
{
    /// <param name="query">Matches phone numbers and what was said, when given.</param>
    /// <param name="order">Newest first, or the calls with the most silence first (calls not measured yet last).</param>
    /// <param name="minSilenceSeconds">Only calls with at least this much silence (measured), when given.</param>
    Task<PagedResult<CallListItemDto>> ListAsync(
        Guid businessId, int page, int pageSize, string? query, CallListOrder order, double? minSilenceSeconds, CancellationToken cancellationToken);

    Task<CallDetailDto?> FindAsync(Guid businessId, string callSid, CancellationToken cancellationToken);
}

/// <summary>Agents' accounts (ASP.NET Core Identity behind it).</summary>
public interface IAgentAccounts
{
    /// <summary>Creates an agent; an email in use is an <c>email_taken</c> conflict, a weak password a validation error.</summary>
    Task<AgentDto> CreateAsync(Guid businessId, string email, string password, string displayName, CancellationToken cancellationToken);

    /// <summary>The agent with these credentials, or null; takes the same time whether or not the email exists.</summary>
    Task<AgentDto?> VerifyCredentialsAsync(string email, string password, CancellationToken cancellationToken);

    Task<AgentDto?> FindAsync(Guid agentId, CancellationToken cancellationToken);

    /// <summary>Sets the password of this business's agent; false when it has no such agent. A weak password is a validation error.</summary>
    Task<bool> SetPasswordAsync(Guid businessId, Guid agentId, string password, CancellationToken cancellationToken);

    /// <summary>Replaces the agent's password when <paramref name="currentPassword"/> is right; false when it is wrong.</summary>
    Task<bool> ChangePasswordAsync(Guid agentId, string currentPassword, string newPassword, CancellationToken cancellationToken);

    /// <summary>Disables this business's agent (no more logins) or enables them again; false when it has no such agent.</summary>
    Task<bool> SetDisabledAsync(Guid businessId, Guid agentId, bool disabled, CancellationToken cancellationToken);
}

/// <summary>Agents' signed-in sessions, kept on the server so that ending one takes effect on every node at once.</summary>
public interface IAgentSessions
{
    /// <summary>
    /// Ends every session of the agent (after a password change, or when the agent is disabled), but
    /// <paramref name="exceptSessionId"/> when given (the session that changed the password stays).
    /// </summary>
    Task EndAllAsync(Guid agentId, string? exceptSessionId, CancellationToken cancellationToken);
}

/// <summary>The agent on whose behalf the current request runs.</summary>
public interface ICurrentAgent
{
    /// <summary>The agent's id; throws <see cref="Exceptions.UnauthorizedException"/> without a session.</summary>
    Guid AgentId { get; }

    /// <summary>The agent's business; throws <see cref="Exceptions.UnauthorizedException"/> without a session.</summary>
    Guid BusinessId { get; }

    /// <summary>The session the request runs in, if the request has one.</summary>
    string? SessionId { get; }
}

public interface IUnitOfWork
{
    /// <summary>Runs the work in one database transaction, committing when it returns and retrying it on a transient fault.</summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    Task SaveChangesAsync(CancellationToken cancellationToken);
}
