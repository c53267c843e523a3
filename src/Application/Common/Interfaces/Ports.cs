using Recordings.Domain.Redaction;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
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

    /// <summary>The business's redaction policy (<see cref="RedactionPolicy.Off"/> for no such business), read alone.</summary>
    Task<RedactionPolicy> FindRedactionPolicyAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>The retention policies of the businesses that have one (audio or transcript days set).</summary>
    Task<IReadOnlyList<RetentionPolicy>> ListRetentionPoliciesAsync(CancellationToken cancellationToken);

    /// <summary>The numbers the business owns, in order.</summary>
    Task<IReadOnlyList<string>> ListPhoneNumbersAsync(Guid businessId, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the business's row until the current transaction ends (<c>SELECT ... FOR NO KEY UPDATE</c>): every change of a
    /// business's people and settings takes it first, so that they apply one after the other (two admins demoting each
    /// other at once cannot both count the other as the admin who remains). Must run inside a transaction.
    /// </summary>
    Task LockAsync(Guid businessId, CancellationToken cancellationToken);
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

    /// <summary>The parties (<c>From</c>, <c>To</c>) of the calls that are legs of <paramref name="parentCallSid"/>.</summary>
    Task<IReadOnlyList<string>> ListLegPartiesAsync(string parentCallSid, CancellationToken cancellationToken);

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
    /// Up to <paramref name="limit"/> stored recordings awaiting redaction whose transcript is here (their redaction can
    /// run), stored longest ago first: a partial index holds only those awaiting redaction.
    /// </summary>
    Task<IReadOnlyList<PendingDownload>> ListRecordingsAwaitingRedactionAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> calls whose <paramref name="processing"/> step is queued and can run now, least recently
    /// changed first: a transcript queued with a stored recording not yet transcribed, a summary queued after its
    /// transcript is done. Whose job the heal sweep makes sure of; a partial index holds only the queued ones.
    /// </summary>
    Task<IReadOnlyList<string>> ListCallsWithProcessingDueAsync(ProcessingStep processing, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> failed recordings Twilio still has, queued last before <paramref name="queuedBefore"/>,
    /// that the app has not queued again on its own <c>Recording.MaxAutomaticRetries</c> times (a partial index holds them).
    /// </summary>
    Task<IReadOnlyList<PendingDownload>> ListFailedDownloadsToRetryAsync(DateTimeOffset queuedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> kept originals after <paramref name="after"/> (call SID, recording SID), in that
    /// order: a partial index holds only the recordings that keep an original.
    /// </summary>
    Task<IReadOnlyList<KeptOriginal>> ListKeptOriginalsAsync(PendingDownload? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Recordings that retention may expire (<c>Recording.CanExpire</c>) of at most <paramref name="limit"/> of the
    /// business's calls that started before <paramref name="startedBefore"/>, oldest call first, after the call
    /// <paramref name="after"/> (keyset: null for the first page). Served by an index of the calls with audio to
    /// expire, so calls expired before are not read again.
    /// </summary>
    Task<IReadOnlyList<RecordingToExpire>> ListRecordingsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, RetentionKey? after, int limit, CancellationToken cancellationToken);

    /// <summary>How many recordings of the business's calls that started before <paramref name="startedBefore"/> retention may still expire.</summary>
    Task<int> CountRecordingsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> calls of the business that started before <paramref name="startedBefore"/> and
    /// still have a transcript or summary (or one on its way), oldest first, after <paramref name="after"/> (keyset).
    /// </summary>
    Task<IReadOnlyList<RetentionKey>> ListTranscriptsToExpireAsync(
        Guid businessId, DateTimeOffset startedBefore, RetentionKey? after, int limit, CancellationToken cancellationToken);

    /// <summary>How many calls of the business that started before <paramref name="startedBefore"/> still have a transcript to expire.</summary>
    Task<int> CountTranscriptsToExpireAsync(Guid businessId, DateTimeOffset startedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Of these recording SIDs, the ones the app knows (a recording row in any state but <c>missing</c>): one query,
    /// <c>recording_sid = ANY(@sids)</c>, for a page of Twilio's listing.
    /// </summary>
    Task<IReadOnlySet<string>> FindKnownRecordingSidsAsync(IReadOnlyCollection<string> recordingSids, CancellationToken cancellationToken);

    /// <summary>
    /// The call a recording SID is attached to (in any state), or null, with the SID locked until the current
    /// transaction ends, so that two callbacks naming it for two calls cannot both find it free. A Twilio recording
    /// belongs to one call, and its stored file is named after it. Must run inside a transaction.
    /// </summary>
    Task<string?> FindCallOfRecordingForUpdateAsync(string recordingSid, CancellationToken cancellationToken);
}

/// <summary>A recording whose download is queued or running.</summary>
public sealed record PendingDownload(string CallSid, string RecordingSid);

/// <summary>Where retention's keyset stands: a call's start (its creation when it has none) and its SID.</summary>
public sealed record RetentionKey(DateTimeOffset StartedAt, string CallSid);

/// <summary>A recording retention may expire, with its call's keyset position.</summary>
public sealed record RecordingToExpire(string CallSid, string RecordingSid, RetentionKey Key);

/// <summary>
/// How the calls list is ordered: <c>newest</c> first (by start), <c>silence</c>: the most silence first (calls not
/// measured yet last), or, with a search, by relevance (exact forms first, then more words in their exact form, then
/// newest).
/// </summary>
public enum CallListOrder
{
    Newest,
    Silence,
    Relevance,
}

/// <summary>
/// The calls list's filters (each optional): start time in [<paramref name="From"/>, <paramref name="To"/>), direction(s),
/// least silence, the calls of one agent (<paramref name="AgentId"/>) or of one team (<paramref name="Team"/>: its members'
/// calls and the calls on its numbers). Applied within the viewer's scope, never instead of it.
/// </summary>
public sealed record CallListFilter(
    DateTimeOffset? From = null, DateTimeOffset? To = null, IReadOnlyList<CallDirection>? Directions = null, double? MinSilenceSeconds = null,
    Guid? AgentId = null, Domain.Organisation.OrganisationTeam? Team = null);

/// <summary>
/// The sort key of a row of the calls list, which a cursor carries: when the call started (or was first heard of), its
/// SID (the tie-breaker), and, for those orders, its silence (-1 when not measured) or its search rank.
/// </summary>
public sealed record CallListKey(DateTimeOffset ListedAt, string CallSid, double? Silence = null, int? Rank = null);

/// <summary>
/// What people read about their business's calls: every method takes the <see cref="Access.Viewer"/> and answers
/// only within its scope (a call outside it is a call that does not exist), and names calls' agents and teams from its
/// org chart.
/// </summary>
public interface ICallReadRepository
{
    /// <param name="query">A search of what was said and of the phone numbers, when given.</param>
    /// <param name="order">See <see cref="CallListOrder"/>; <see cref="CallListOrder.Relevance"/> only with a query.</param>
    Task<PageSlice<CallListItemDto, CallListKey>> ListAsync(
        Access.Viewer viewer, string? query, CallListOrder order, CallListFilter filter, PageRequest<CallListKey> page, CancellationToken cancellationToken);

    /// <summary>How many calls match: exact up to <see cref="Paging.ExactTotalLimit"/>, the database's estimate beyond.</summary>
    Task<ListTotal> CountAsync(Access.Viewer viewer, string? query, CallListFilter filter, CancellationToken cancellationToken);

    Task<CallDetailDto?> FindAsync(Access.Viewer viewer, string callSid, CancellationToken cancellationToken);
}

/// <summary>Agents' accounts (ASP.NET Core Identity behind it).</summary>
public interface IAgentAccounts
{
    /// <summary>Creates an account with this role; an email in use is an <c>email_taken</c> conflict, a weak password a validation error.</summary>
    Task<AgentDto> CreateAsync(
        Guid businessId, string email, string password, string displayName, Domain.Organisation.AccountRole role, CancellationToken cancellationToken);

    /// <summary>The agent with these credentials, or null; takes the same time whether or not the email exists.</summary>
    Task<AgentDto?> VerifyCredentialsAsync(string email, string password, CancellationToken cancellationToken);

    Task<AgentDto?> FindAsync(Guid agentId, CancellationToken cancellationToken);

    /// <summary>
    /// The account with this email (any business), with the security stamp a session would be bound to and whether it
    /// is disabled; null when there is none. For a sign-in the identity provider vouched for (no password).
    /// </summary>
    Task<(AgentDto Agent, bool Disabled)?> FindForSignInAsync(string email, CancellationToken cancellationToken);

    /// <summary>Creates an account that has no password (it signs in through the business's identity provider); answers its id.</summary>
    Task<Guid> CreateWithoutPasswordAsync(
        Guid businessId, string email, string displayName, Domain.Organisation.AccountRole role, CancellationToken cancellationToken);

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

    /// <summary>
    /// The accounts of the business with a session that single sign-on started for this provider's user
    /// (<paramref name="subject"/>) or provider session (<paramref name="providerSession"/>).
    /// </summary>
    Task<IReadOnlyList<Guid>> FindSsoAccountsAsync(
        Guid businessId, string issuer, string? subject, string? providerSession, CancellationToken cancellationToken);
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

/// <summary>A recording that keeps its unredacted original, and the original's wrapped data key.</summary>
public sealed record KeptOriginal(string CallSid, string RecordingSid, string WrappedKey);
