using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The session cookie's format remembers what it unprotected (a player's range reads send one cookie many times), and
/// nothing else: a made-up cookie, another purpose, a copy changed by its reader, a cookie older than its lifetime.
/// Whether the session behind a remembered cookie is still live is <see cref="SessionTests"/>' (logout, password
/// change and disabled agent, each with a cookie read before).
/// </summary>
public sealed class RememberedCookieTicketsTests : IDisposable
{
    private readonly ISecureDataFormat<AuthenticationTicket> _inner = Substitute.For<ISecureDataFormat<AuthenticationTicket>>();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly RememberedCookieTickets.Memory _memory = new();

    public void Dispose() => _memory.Dispose();

    private static AuthenticationTicket Ticket(string sessionKey) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("session", sessionKey)], CookieAuthenticationDefaults.AuthenticationScheme)),
            CookieAuthenticationDefaults.AuthenticationScheme);

    [Fact]
    public void ACookieIsUnprotectedOnceAndEachReadGetsItsOwnCopy()
    {
        _inner.Unprotect("cookie-a", null).Returns(Ticket("key-a"));
        var format = new RememberedCookieTickets(_inner, _memory, _time);

        var first = format.Unprotect("cookie-a");
        first!.Principal.AddIdentity(new ClaimsIdentity([new Claim("added", "by a reader")]));
        first.Properties.Items["changed"] = "by a reader";
        var second = format.Unprotect("cookie-a");

        _inner.Received(1).Unprotect("cookie-a", null);
        second.ShouldNotBeNull().ShouldNotBeSameAs(first);
        second.Principal.FindFirst("session")!.Value.ShouldBe("key-a");
        second.Principal.Identities.Count().ShouldBe(1);
        second.Properties.Items.ShouldNotContainKey("changed");
        format.Count.ShouldBe(1);
    }

    [Fact]
    public void AMadeUpCookieIsNeverRemembered()
    {
        var format = new RememberedCookieTickets(_inner, _memory, _time);

        for (var i = 0; i < 3; i++)
        {
            format.Unprotect("forged").ShouldBeNull();
        }

        _inner.Received(3).Unprotect("forged", null);
        format.Count.ShouldBe(0);
    }

    [Fact]
    public void ACookieIsReadAgainOnceItsLifetimeHasPassed()
    {
        _inner.Unprotect("cookie-a", null).Returns(Ticket("key-a"));
        var format = new RememberedCookieTickets(_inner, _memory, _time);

        format.Unprotect("cookie-a");
        _time.Advance(RememberedCookieTickets.Lifetime - TimeSpan.FromSeconds(1));
        format.Unprotect("cookie-a");
        _inner.Received(1).Unprotect("cookie-a", null);

        _time.Advance(TimeSpan.FromSeconds(1));
        format.Unprotect("cookie-a").ShouldNotBeNull();
        _inner.Received(2).Unprotect("cookie-a", null);
    }

    [Fact]
    public void AnotherPurposeAndProtectingGoToTheDataProtectionFormat()
    {
        var ticket = Ticket("key-a");
        _inner.Unprotect("cookie-a", "binding").Returns(ticket);
        _inner.Protect(ticket, null).Returns("protected");
        var format = new RememberedCookieTickets(_inner, _memory, _time);

        format.Unprotect("cookie-a", "binding");
        format.Unprotect("cookie-a", "binding");
        format.Protect(ticket, null).ShouldBe("protected");

        _inner.Received(2).Unprotect("cookie-a", "binding");
        format.Count.ShouldBe(0);
    }

    [Fact]
    public void DifferentCookiesAreDifferentTickets()
    {
        _inner.Unprotect("cookie-a", null).Returns(Ticket("key-a"));
        _inner.Unprotect("cookie-b", null).Returns(Ticket("key-b"));
        var format = new RememberedCookieTickets(_inner, _memory, _time);

        format.Unprotect("cookie-a")!.Principal.FindFirst("session")!.Value.ShouldBe("key-a");
        format.Unprotect("cookie-b")!.Principal.FindFirst("session")!.Value.ShouldBe("key-b");
        format.Unprotect("cookie-a")!.Principal.FindFirst("session")!.Value.ShouldBe("key-a");
    }
}
