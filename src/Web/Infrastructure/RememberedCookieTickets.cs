using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The session cookie's format, remembering what it read: a player's many range reads send the same cookie, and
/// unprotecting it (Data Protection's AES and HMAC) was a fifth of an authorised range read's CPU (bench/serve.sh's
/// profile). The cookie holds only the session's key (<c>SessionStore</c>, see <see cref="Recordings.Infrastructure.Identity.PostgresTicketStore"/>),
/// so what is remembered is a pure function of the cookie and the key ring: whether the session is still live (logout,
/// a password change, a disabled account, its expiry) is decided after this, by the session store, on every request.
/// </summary>
/// <remarks>
/// Only a cookie that unprotected is remembered (a made-up one costs a decryption each time, never memory), at most
/// <see cref="Capacity"/> of them (a <see cref="MemoryCache"/> with a size limit, as the node's other memories), each
/// for <see cref="Lifetime"/> (a key the operator revokes stops a remembered cookie within that time). Each read gets
/// its own copy of the ticket: the cookie handler and its events may change the one they are given.
/// </remarks>
public sealed class RememberedCookieTickets(ISecureDataFormat<AuthenticationTicket> inner, RememberedCookieTickets.Memory memory, TimeProvider time)
    : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How many cookies one node remembers at most (about 1 KB each).</summary>
    public const int Capacity = 10_000;

    /// <summary>How long a cookie is remembered after it was first read.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _entries = memory.Entries;

    /// <summary>How many cookies are remembered now.</summary>
    public int Count => _entries.Count;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (purpose is not null || string.IsNullOrEmpty(protectedText))
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = time.GetUtcNow();
        if (_entries.TryGetValue(protectedText, out Entry? remembered) && remembered is not null && remembered.Until > now)
        {
            return remembered.Ticket.Clone();
        }

        var ticket = inner.Unprotect(protectedText, null);
        if (ticket is not null)
        {
            _entries.Set(protectedText, new Entry(ticket.Clone(), now + Lifetime), new MemoryCacheEntryOptions
            {
                Size = 1,
                // The cache's own clock lets it drop the entry; the time above decides whether it is used.
                AbsoluteExpirationRelativeToNow = Lifetime,
            });
        }

        return ticket;
    }

    private sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset Until);

    /// <summary>The remembered cookies of one app (a singleton, so that the container disposes it).</summary>
    public sealed class Memory : IDisposable
    {
        internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = Capacity });

        public void Dispose() => Entries.Dispose();
    }
}
