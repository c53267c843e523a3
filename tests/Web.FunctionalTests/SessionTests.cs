using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Recordings.Web.Infrastructure;
using Recordings.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>A session ends on the server: logout, a password change and a disabled agent end it, whatever copy of the cookie is left.</summary>
public sealed class SessionTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Email = "dana@acme.example";

    private async Task<(Guid BusinessId, Guid AgentId)> AgentAsync()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        using var admin = Factory.CreateAdmin();
        var created = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = Email, password = Seed.Password, displayName = "Dana" });
        created.EnsureSuccessStatusCode();
        return (business.Id, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>Logs in and returns the session cookie as a browser would send it ("recordings.session=...").</summary>
    private async Task<string> LogInAsync(string password = Seed.Password)
    {
        using var client = Factory.CreateBrowser();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = Email, password });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        return CookieOf(login);
    }

    private static string CookieOf(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DependencyInjection.SessionCookieName + "=", StringComparison.Ordinal))
            .Split(';')[0];

    private static async Task<HttpStatusCode> MeAsync(RecordingsApiFactory app, string cookie)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = app.BaseAddress, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private Task<HttpStatusCode> MeAsync(string cookie) => MeAsync(Factory, cookie);

    private async Task<HttpResponseMessage> SendWithCookieAsync(HttpMethod method, string path, string cookie, object? body = null)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Factory.BaseAddress, HandleCookies = false });
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public void TheCookieIsReadThroughTheRememberingFormatAroundTheSessionStore()
    {
        // A node remembers what a cookie unprotects to (RememberedCookieTicketsTests): only the session's key, whose
        // session the store checks on every request, which is what the tests below prove with a copy read before.
        var options = Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);

        options.TicketDataFormat.ShouldBeOfType<RememberedCookieTickets>();
        options.SessionStore.ShouldNotBeNull();
    }

    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeLogoutIsRefusedAfterIt()
    {
        await AgentAsync();
        var cookie = await LogInAsync();
        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.OK);

        using var logout = await SendWithCookieAsync(HttpMethod.Post, "/api/auth/logout", cookie);
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        using var calls = await SendWithCookieAsync(HttpMethod.Get, "/api/calls", cookie);
        await calls.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM agent_sessions")).ShouldBe(0);
    }

    [Fact]
    public async Task LoggingOutEndsOnlyThatSession()
    {
        await AgentAsync();
        var desk = await LogInAsync();
        var laptop = await LogInAsync();

        (await SendWithCookieAsync(HttpMethod.Post, "/api/auth/logout", desk)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await MeAsync(desk)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(laptop)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangingThePasswordEndsTheOtherSessionsAndKeepsThisOne()
    {
        await AgentAsync();
        var other = await LogInAsync();
        var mine = await LogInAsync();

        using var change = await SendWithCookieAsync(HttpMethod.Post, "/api/auth/password", mine,
            new { currentPassword = Seed.Password, newPassword = "a brand new passphrase" });

        change.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(other)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(mine)).ShouldBe(HttpStatusCode.OK);
        await LogInAsync("a brand new passphrase");
        using var client = Factory.CreateBrowser();
        (await client.PostAsJsonAsync("/api/auth/login", new { email = Email, password = Seed.Password })).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWrongCurrentPasswordChangesNothing()
    {
        await AgentAsync();
        var other = await LogInAsync();
        var mine = await LogInAsync();

        using var change = await SendWithCookieAsync(HttpMethod.Post, "/api/auth/password", mine,
            new { currentPassword = "not the password", newPassword = "a brand new passphrase" });

        var problem = await change.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").GetProperty("CurrentPassword")[0].GetString().ShouldBe("The current password is wrong.");
        (await MeAsync(other)).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(mine)).ShouldBe(HttpStatusCode.OK);
        await LogInAsync(Seed.Password);
    }

    [Fact]
    public async Task AnOperatorsPasswordResetEndsEverySessionOfTheAgent()
    {
        var (businessId, agentId) = await AgentAsync();
        var cookie = await LogInAsync();
        using var admin = Factory.CreateAdmin();

        using var reset = await admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/password",
            new { password = "set by the operator" });

        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        await LogInAsync("set by the operator");
    }

    [Fact]
    public async Task AWeakPasswordFromTheOperatorIs400AndKeepsTheOldOne()
    {
        var (businessId, agentId) = await AgentAsync();
        var cookie = await LogInAsync();
        using var admin = Factory.CreateAdmin();

        using var reset = await admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/password", new { password = "short" });

        await reset.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.OK);
        await LogInAsync(Seed.Password);
    }

    [Fact]
    public async Task DisablingAnAgentEndsTheirSessionsAndRefusesTheirLoginUntilEnabled()
    {
        var (businessId, agentId) = await AgentAsync();
        var cookie = await LogInAsync();
        using var admin = Factory.CreateAdmin();

        (await admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        using (var client = Factory.CreateBrowser())
        {
            using var refused = await client.PostAsJsonAsync("/api/auth/login", new { email = Email, password = Seed.Password });
            await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        (await admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await LogInAsync();
    }

    [Fact]
    public async Task LoginsRacingADisableOrAResetLeaveNoSessionBehind()
    {
        var (businessId, agentId) = await AgentAsync();
        using var admin = Factory.CreateAdmin();

        // Logins in flight (their passwords checked or being checked) while the operator disables the agent, then while
        // the operator resets the password: whatever each login answers, no session outlives the change.
        for (var round = 0; round < 5; round++)
        {
            var logins = Enumerable.Range(0, 8).Select(_ => TryLogInAsync(Seed.Password)).ToList();
            using (var disable = await admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/disable", null))
            {
                disable.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }

            var cookies = await Task.WhenAll(logins);
            foreach (var cookie in cookies.OfType<string>())
            {
                (await MeAsync(cookie)).ShouldBe(HttpStatusCode.Unauthorized, "a session made by a login that raced the disable");
            }

            (await Factory.QueryAsync<long>($"SELECT count(*) FROM agent_sessions WHERE agent_id = '{agentId}'")).ShouldBe(0);
            (await admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

            var oldPassword = round == 0 ? Seed.Password : $"reset number {round - 1} of five";
            var withOldPassword = Enumerable.Range(0, 8).Select(_ => TryLogInAsync(oldPassword)).ToList();
            using (var reset = await admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/password",
                new { password = $"reset number {round} of five" }))
            {
                reset.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }

            foreach (var cookie in (await Task.WhenAll(withOldPassword)).OfType<string>())
            {
                (await MeAsync(cookie)).ShouldBe(HttpStatusCode.Unauthorized, "a session opened with the password the operator replaced");
            }

            (await Factory.QueryAsync<long>($"SELECT count(*) FROM agent_sessions WHERE agent_id = '{agentId}'")).ShouldBe(0);
        }
    }

    [Fact]
    public async Task ConcurrentDisablesEnablesAndResetsAreEachAppliedWholeNeverA500()
    {
        var (businessId, agentId) = await AgentAsync();
        using var admin = Factory.CreateAdmin();

        var toggles = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/{(i % 2 == 0 ? "disable" : "enable")}", null)));
        toggles.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.NoContent);

        var resets = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/password", new { password = $"concurrent reset {i:00}" })));
        resets.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.NoContent);

        // Whatever order they landed in, the last enable or disable holds whole, and one of the reset passwords works.
        (await admin.PostAsync($"/api/admin/businesses/{businessId}/agents/{agentId}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var working = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => TryLogInAsync($"concurrent reset {i:00}")));
        working.Count(cookie => cookie is not null).ShouldBe(1);
        foreach (var response in toggles.Concat(resets))
        {
            response.Dispose();
        }
    }

    /// <summary>A login that may be refused: the session cookie, or null when refused with 401.</summary>
    private async Task<string?> TryLogInAsync(string password)
    {
        using var client = Factory.CreateBrowser();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = Email, password });
        if (login.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        return CookieOf(login);
    }

    [Fact]
    public async Task AnAgentOfAnotherBusinessIsNotFound()
    {
        var (_, agentId) = await AgentAsync();
        var other = await CreateBusinessAsync("Other", "+15551239999");
        var cookie = await LogInAsync();
        using var admin = Factory.CreateAdmin();

        using var disable = await admin.PostAsync($"/api/admin/businesses/{other.Id}/agents/{agentId}/disable", null);
        using var reset = await admin.PutAsJsonAsync($"/api/admin/businesses/{other.Id}/agents/{agentId}/password", new { password = "set by the operator" });

        await disable.ShouldBeProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        await reset.ShouldBeProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        (await MeAsync(cookie)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LogoutOnOneNodeEndsTheSessionOnAnother()
    {
        await AgentAsync();
        var second = new SecondNodeFactory();
        second.TakeOver(Factory);
        second.OwnsDatabase = false;
        await second.InitializeAsync();
        try
        {
            var cookie = await LogInAsync();
            var key = (await Factory.QueryAsync<Guid>("SELECT id FROM agent_sessions ORDER BY created_at DESC LIMIT 1")).ToString("N");
            (await MeAsync(second, cookie)).ShouldBe(HttpStatusCode.OK);
            var rememberedOnSecond = second.Services.GetRequiredService<AgentSessionCache>();
            rememberedOnSecond.TryGet(key, out _).ShouldBeTrue("the second node remembers the session it read");

            (await SendWithCookieAsync(HttpMethod.Post, "/api/auth/logout", cookie)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

            // The end is announced (NOTIFY on commit): the second node forgets the session as soon as it hears it.
            await Eventually.TrueAsync(() => Task.FromResult(!rememberedOnSecond.TryGet(key, out _)), "the second node to forget the session");
            (await MeAsync(second, cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
