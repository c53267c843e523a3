namespace Recordings.Infrastructure.Identity;

/// <summary>
/// A signed-in browser: the server-side half of a session cookie. The cookie holds only this row's key (protected by
/// Data Protection); deleting the row ends the session on every node at once.
/// </summary>
public sealed class AgentSession
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    /// <summary>The serialized authentication ticket (the agent's claims and the cookie's properties).</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the session ends unless it is used again (sliding, <c>Auth:SessionIdleTimeout</c>).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>For a session started by single sign-on: the provider's issuer, its subject (<c>sub</c>) and its session id (<c>sid</c>).</summary>
    public string? SsoIssuer { get; set; }

    public string? SsoSubject { get; set; }

    public string? SsoSession { get; set; }
}
