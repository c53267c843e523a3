using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Infrastructure.Identity;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>A second node of the same deployment (same database, its own Quartz instance).</summary>
public sealed class SecondNodeFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "functional-tests-node-2";
}

/// <summary>Several nodes behind a load balancer: whatever node an agent lands on, the session holds.</summary>
public sealed class TwoNodesTests
{
    [Fact]
    public async Task ASessionStartedOnOneNodeWorksOnAnother()
    {
        var first = new RecordingsApiFactory { OwnsDatabase = false };
        await first.InitializeAsync();
        var second = new SecondNodeFactory();
        second.TakeOver(first);
        await second.InitializeAsync();
        try
        {
            await Seed.CreateAgentAsync(first, (await Seed.CreateBusinessAsync(first, "Acme", "+15551230001")).Id, "agent@acme.example");
            using var onFirst = first.CreateBrowser();
            using var login = await onFirst.PostAsJsonAsync("/api/auth/login", new { email = "agent@acme.example", password = Seed.Password });
            login.EnsureSuccessStatusCode();
            var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DependencyInjection.SessionCookieName, StringComparison.Ordinal));

            using var onSecond = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                BaseAddress = second.BaseAddress,
                HandleCookies = false,
            });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var me = await onSecond.SendAsync(request);

            me.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await first.QueryAsync<long>("SELECT count(*) FROM data_protection_keys")).ShouldBe(1);

            // The second node now remembers the session; a logout through the first makes it forget it at once.
            var sessionKey = (await first.QueryAsync<Guid>("SELECT id FROM agent_sessions")).ToString("N");
            var remembered = second.Services.GetRequiredService<AgentSessionCache>();
            remembered.TryGet(sessionKey, out _).ShouldBeTrue("an authenticated request reads the session row once");
            using (var logout = await onFirst.PostAsync("/api/auth/logout", null))
            {
                logout.IsSuccessStatusCode.ShouldBeTrue();
            }

            await Eventually.TrueAsync(() => Task.FromResult(!remembered.TryGet(sessionKey, out _)), "the second node to hear that the session ended");
            using var afterLogout = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            afterLogout.Headers.Add("Cookie", cookie.Split(';')[0]);
            (await onSecond.SendAsync(afterLogout)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
