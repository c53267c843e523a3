using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Recordings.Infrastructure.Identity;

namespace Recordings.Infrastructure.IntegrationTests.Identity;

/// <summary>The session memory as a subscriber of its own channel (how it is fed on a database: SessionTests, TwoNodesTests).</summary>
public sealed class AgentSessionCacheTests
{
    private static readonly AgentSessionCache.Entry Session = new(
        new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("Cookies")), "Cookies"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(8));

    [Fact]
    public void ItHearsTheEndedSessionsChannelAndForgetsTheSessionEachAnnouncementNames()
    {
        using var cache = new AgentSessionCache(10);
        cache.Trust();
        var (ended, kept) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        cache.Add(ended, Session, cache.Version);
        cache.Add(kept, Session, cache.Version);

        cache.Channel.ShouldBe("agent_session_ended");
        cache.OnNotification(ended);

        cache.TryGet(ended, out _).ShouldBeFalse();
        cache.TryGet(kept, out _).ShouldBeTrue();
    }
}
