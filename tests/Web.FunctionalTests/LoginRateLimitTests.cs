using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// An app behind a proxy on loopback (ForwardedHeaders:Enabled; loopback is a known proxy by default), so that each
/// test can speak as several client addresses, with a login burst of 5 and a refill slow enough never to happen in a test.
/// </summary>
public sealed class LoginRateLimitFactory : RecordingsApiFactory
{
    public const int Burst = 5;

    protected override string QuartzInstanceId => "login-rate-limit-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("ForwardedHeaders:Enabled", "true");
        builder.UseSetting("Auth:LoginRateLimit:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:LoginRateLimit:ReplenishEvery", "01:00:00");
        // One password check at a time and none waiting (the tests of this class run one after another).
        builder.UseSetting("Auth:LoginRateLimit:ConcurrentPasswordChecks", "1");
        builder.UseSetting("Auth:LoginRateLimit:QueuedPasswordChecks", "0");
    }
}

public sealed class LoginRateLimitTests(LoginRateLimitFactory factory) : IClassFixture<LoginRateLimitFactory>
{
    private const string Email = "dana@acme.example";

    private static int _addresses;
    private static int _businesses;

    /// <summary>A client address no other test of this app has used.</summary>
    private static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref _addresses)}";

    private async Task<HttpResponseMessage> LogInAsync(string address, string password, string email = Email)
    {
        using var browser = factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return await browser.SendAsync(request);
    }

    /// <summary>The agent the attackers aim at (the first test to run creates it; the tests share one app).</summary>
    private async Task EnsureAgentAsync()
    {
        using var admin = factory.CreateAdmin();
        var business = await Seed.CreateBusinessAsync(factory, "Acme", $"+1555123{Interlocked.Increment(ref _businesses):0000}");
        using var agent = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = Email, password = Seed.Password, displayName = "Dana" });
        agent.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task IPv6AddressesOfOneSlash64AreOneClient()
    {
        await EnsureAgentAsync();
        var network = $"2001:db8:{Interlocked.Increment(ref _addresses):x}:1";
        for (var i = 0; i < LoginRateLimitFactory.Burst; i++)
        {
            using var failed = await LogInAsync($"{network}::{i + 1:x}", "not the password");
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Another address of the same /64 has no bucket of its own; an address of another /64 has.
        using var sameNetwork = await LogInAsync($"{network}:ffff:ffff:ffff:fffe", Seed.Password);
        await sameNetwork.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        using var otherNetwork = await LogInAsync($"2001:db8:{Interlocked.Increment(ref _addresses):x}:1::1", Seed.Password);
        otherNetwork.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PasswordChecksBeyondTheNodesCeilingAre429FromEveryAddress()
    {
        await EnsureAgentAsync();

        // Twenty clients, each well within its own limit, at once: one check runs, none waits (this app's settings).
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LogInAsync(NewAddress(), Seed.Password)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(1);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty();
        refused[0].Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        (await refused[0].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests"))
            .GetProperty("detail").GetString().ShouldBe("Too many sign-ins are being checked at once. Try again in a moment.");
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.TooManyRequests);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task ABurstOfFailuresFromOneAddressIs429WithRetryAfter()
    {
        await EnsureAgentAsync();
        var attacker = NewAddress();
        for (var i = 0; i < LoginRateLimitFactory.Burst; i++)
        {
            // Passwords sprayed over many accounts: each a plain 401.
            (await LogInAsync(attacker, "guess number " + i, $"user{i}@acme.example")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var throttled = await LogInAsync(attacker, "one more guess");

        await throttled.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        throttled.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        using var evenTheRightPassword = await LogInAsync(attacker, Seed.Password);
        evenTheRightPassword.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task AttackersNeverLockTheAgentOut()
    {
        await EnsureAgentAsync();

        // Three addresses spend their bursts on the agent's email: more failures than any per-account lockout allows.
        for (var attacker = 0; attacker < 3; attacker++)
        {
            var address = NewAddress();
            for (var i = 0; i < LoginRateLimitFactory.Burst; i++)
            {
                (await LogInAsync(address, "guess number " + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            }
        }

        // The agent, from the office's address, signs in at once: the failures were the attackers', not the account's.
        using var agent = await LogInAsync(NewAddress(), Seed.Password);

        agent.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>Without forwarded headers, X-Forwarded-For is anyone's to send: the limit holds on the connection's address.</summary>
public sealed class LoginRateLimitWithoutProxyFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "login-rate-limit-no-proxy-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:LoginRateLimit:Burst", "3");
        builder.UseSetting("Auth:LoginRateLimit:ReplenishEvery", "01:00:00");
    }
}

public sealed class LoginRateLimitWithoutProxyTests(LoginRateLimitWithoutProxyFactory factory) : IClassFixture<LoginRateLimitWithoutProxyFactory>
{
    [Fact]
    public async Task AForgedForwardedForDoesNotEscapeTheLimit()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var browser = factory.CreateBrowser();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { email = "x@acme.example", password = "guess number " + i }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await browser.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        answers.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
    }
}
