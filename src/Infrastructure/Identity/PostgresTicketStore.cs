using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Exceptions;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.Identity;

/// <summary>
/// ASP.NET Core's cookie authentication keeps its tickets here (<see cref="CookieAuthenticationOptions.SessionStore"/>),
/// in PostgreSQL, so that a session really ends: logout deletes the row, and a copy of the cookie taken before it is
/// refused on every node. A session also ends after <see cref="AgentSessionOptions.SessionIdleTimeout"/> without use and
/// <see cref="AgentSessionOptions.SessionAbsoluteLifetime"/> after its login, whatever the cookie says.
/// </summary>
/// <remarks>
/// A node remembers the sessions it has read (<see cref="AgentSessionCache"/>), so an authenticated request costs no
/// database read while its session lives; ending a session announces it, and every node forgets it.
/// </remarks>
public sealed class PostgresTicketStore(
    IServiceScopeFactory scopes, IOptions<AgentSessionOptions> options, TimeProvider time, AgentSessionCache? cache = null) : ITicketStore
{
    /// <summary>The claim that names the session itself, so that a request knows which session it runs in.</summary>
    public const string SessionIdClaim = "session_id";

    /// <summary>The claim with the account's security stamp when the login checked its credentials.</summary>
    public const string SecurityStampClaim = "security_stamp";

    /// <summary>The provider's issuer, subject and session id of a session started by single sign-on (stored with the row, for back-channel logout).</summary>
    public const string SsoIssuerClaim = "sso_iss";
    public const string SsoSubjectClaim = "sso_sub";
    public const string SsoSessionClaim = "sso_sid";

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var agentId = Guid.TryParse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("A session ticket names no agent.");
        var now = time.GetUtcNow();
        var sessionId = Guid.NewGuid();
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SessionIdClaim, sessionId.ToString("N")));
        }

        var stamp = ticket.Principal.FindFirstValue(SecurityStampClaim)
            ?? throw new InvalidOperationException("A session ticket carries no security stamp: it was not made by a login.");
        var serialized = TicketSerializer.Default.Serialize(ticket);
        var expiresAt = ExpiryOf(ticket, now);
        var ssoIssuer = ticket.Principal.FindFirstValue(SsoIssuerClaim);
        var ssoSubject = ticket.Principal.FindFirstValue(SsoSubjectClaim);
        var ssoSession = ticket.Principal.FindFirstValue(SsoSessionClaim);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        // Stored only while the account is enabled and still has the security stamp its credentials were checked
        // against. FOR SHARE holds the account's row until the insert commits: a disable or a password reset (one
        // UPDATE that changes the stamp) either waits for this insert, and then its ending of the agent's sessions
        // sees and deletes it, or commits first, and then this finds the stamp changed and stores nothing.
        var stored = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO agent_sessions (id, agent_id, ticket, created_at, expires_at, sso_issuer, sso_subject, sso_session)
            SELECT {sessionId}, a.id, {serialized}, {now}, {expiresAt}, {ssoIssuer}, {ssoSubject}, {ssoSession}
            FROM (SELECT id FROM agents
                  WHERE id = {agentId} AND security_stamp = {stamp} AND (lockout_end IS NULL OR lockout_end <= {now})
                  FOR SHARE) a
            """, cancellationToken);
        if (stored == 0)
        {
            throw new UnauthorizedException("invalid_credentials", "The email or password is wrong.");
        }

        // The agent's sessions that ended meanwhile go now: the table holds live sessions and a few stale ones.
        await db.AgentSessions.Where(s => s.AgentId == agentId && s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        return sessionId.ToString("N");
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryParseKey(key, out var id))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (cache is not null && cache.TryGet(key, out var remembered) && IsLive(remembered.CreatedAt, remembered.ExpiresAt, now))
        {
            return remembered.Ticket.Clone();
        }

        // Not remembered, or past the expiry this node knew of (another node may have renewed it): the row decides.
        var version = cache?.Version ?? 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var session = await db.AgentSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || !IsLive(session.CreatedAt, session.ExpiresAt, now))
        {
            return null;
        }

        var ticket = TicketSerializer.Default.Deserialize(session.Ticket);
        if (ticket is not null)
        {
            cache?.Add(key, new AgentSessionCache.Entry(ticket.Clone(), session.CreatedAt, session.ExpiresAt), version);
        }

        return ticket;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!TryParseKey(key, out var id))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var now = time.GetUtcNow();
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var expires = ExpiryOf(ticket, now);

        // Only a live session is renewed: a renewal racing a logout never brings the session back.
        var version = cache?.Version ?? 0;
        var renewed = await db.AgentSessions.Where(s => s.Id == id && s.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expires), cancellationToken);
        if (renewed == 1 && cache is not null && cache.TryGet(key, out var remembered))
        {
            cache.Add(key, remembered with { Ticket = ticket.Clone(), ExpiresAt = expires }, version);
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryParseKey(key, out var id))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        // Deleted and announced together: every node forgets the session when the delete commits.
        await AgentSessionCache.EndSessionAsync(db, id, cancellationToken);
        cache?.Forget(key);
    }

    private bool IsLive(DateTimeOffset createdAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt > now && createdAt + options.Value.SessionAbsoluteLifetime > now;

    private static bool TryParseKey(string key, out Guid id) => Guid.TryParseExact(key, "N", out id);

    private DateTimeOffset ExpiryOf(AuthenticationTicket ticket, DateTimeOffset now) =>
        ticket.Properties.ExpiresUtc ?? now + options.Value.SessionIdleTimeout;
}
