using System.Net;
using System.Net.Http.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Hostile answers at the callback, each with the real provider: tokens oidc-provider signed that are then tampered
/// with on their way to the app (issuer, audience, signature, alg none, key id), a token of another sign-in (nonce), one
/// that expired on the way, a replayed code, a changed or missing state, an email of another business. Each ends at
/// <c>/login?error=...</c> with no session, logged at Information (never an error, never a 500).
/// </summary>
public sealed class SsoHostileTests(RecordingsApiFactory factory) : SsoTest(factory)
{
    /// <summary>A business with an account that the provider knows: the account's email.</summary>
    private async Task<(BusinessResponse Business, string Email)> ReadyAsync(TestIdentityProvider provider, int? idTokenSeconds = null)
    {
        var (business, domain) = await BusinessWithSsoAsync(provider, idTokenSeconds: idTokenSeconds);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword);
        return (business, email);
    }

    private async Task RefusedWithoutSessionAsync(SsoBrowser browser, string landing, string code = "sso_failed", string? reason = null)
    {
        landing.ShouldBe("/login?error=" + code);
        (await browser.MeAsync()).ShouldBe(HttpStatusCode.Unauthorized);
        (await SessionsAsync()).ShouldBe(0);
        RefusalWasLoggedAtInformation(code, reason);
    }

    [Fact]
    public async Task AnUntamperedSignInWorks()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        (await browser.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        Factory.SsoTokens.LastIdToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task ATokenWithAChangedIssuerIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = jwt => SsoTokenTamper.Edit(jwt, payload: p => p["iss"] = "https://evil.example.com");
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword));
    }

    [Fact]
    public async Task AGenuineTokenOfAnIssuerThatIsNotTheBusinesssIsRefused()
    {
        // The business names its issuer "http://localhost:PORT"; the provider there calls itself "http://127.0.0.1:PORT"
        // and signs its tokens so: a genuine token, with a valid signature, of an issuer that is not the configured one.
        var provider = await TestIdentityProvider.SharedAsync();
        var business = await CreateBusinessAsync("Other issuer", NewNumber());
        var clientId = "app-" + Guid.NewGuid().ToString("N");
        await provider.AddClientAsync(clientId, "secret", Factory.BaseAddress);
        using (var admin = Factory.CreateAdmin())
        {
            (await admin.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/sso", new
            {
                issuer = provider.Issuer.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), clientId, clientSecret = "secret",
            })).EnsureSuccessStatusCode();
        }
        var email = $"dana@{Guid.NewGuid():N}.example.com";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword);
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword));
    }

    [Fact]
    public async Task ATokenForAnotherClientIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, otherEmail) = await ReadyAsync(provider);
        using (var other = new SsoBrowser(Factory))
        {
            (await other.SignInAsync(otherEmail, UserPassword)).ShouldBe("/calls");
        }
        var issuedToOther = Factory.SsoTokens.LastIdToken!;
        await Factory.QueryAsync<int>("DELETE FROM agent_sessions RETURNING 1");
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = _ => issuedToOther;
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "IDX10214");
    }

    [Fact]
    public async Task ATokenOfAnotherSignInOfTheSameClientIsRefusedByItsNonce()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, email) = await ReadyAsync(provider);
        using (var other = new SsoBrowser(Factory))
        {
            (await other.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        }
        var earlier = Factory.SsoTokens.LastIdToken!;
        await Factory.QueryAsync<int>("DELETE FROM agent_sessions RETURNING 1");
        Factory.SsoTokens.Tamper = _ => earlier;
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "InvalidNonce");
        business.ShouldNotBeNull();
    }

    [Fact]
    public async Task ATokenWithABrokenSignatureIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = jwt =>
        {
            var signature = jwt.Split('.')[2];
            var flipped = (signature[10] == 'A' ? 'B' : 'A') + signature[11..];
            return SsoTokenTamper.Edit(jwt, signature: signature[..10] + flipped);
        };
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "IDX10511");
    }

    [Fact]
    public async Task ATokenWithAChangedClaimIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, _) = await ReadyAsync(provider);
        var victim = $"boss@{Guid.NewGuid():N}.example.com";
        await CreateAgentAsync(business.Id, victim);
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = jwt => SsoTokenTamper.Edit(jwt, payload: p => p["email"] = victim);
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "IDX10511");
    }

    [Fact]
    public async Task ATokenWithAlgNoneIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = jwt => SsoTokenTamper.Edit(jwt, header: h =>
        {
            h["alg"] = "none";
            h.Remove("kid");
        }, signature: string.Empty);
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "algorithm");
    }

    [Fact]
    public async Task ATokenNamingAKeyTheProviderDoesNotHaveIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        Factory.SsoTokens.Tamper = jwt => SsoTokenTamper.Edit(jwt, header: h => h["kid"] = "no-such-key");
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword));
    }

    [Fact]
    public async Task ATokenThatExpiredOnTheWayIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider, idTokenSeconds: 1);
        Factory.SsoTokens.Delay = TimeSpan.FromSeconds(2.2);
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), reason: "IDX10223");
    }

    [Fact]
    public async Task AReplayedCodeIsRefusedByTheProvider()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        var callback = await browser.LogInAtProviderAsync(await browser.StartAsync("email=" + Uri.EscapeDataString(email)), email, UserPassword);
        // The browser's correlation and nonce cookies, kept so that the replay gets past our own checks to the provider.
        var cookies = browser.AppCookies.GetAllCookies().ToList();
        (await browser.CallbackAsync(callback)).ShouldBe("/calls");
        (await browser.App.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();
        foreach (var cookie in cookies)
        {
            browser.AppCookies.Add(Factory.BaseAddress, new Cookie(cookie.Name, cookie.Value, cookie.Path));
        }

        await RefusedWithoutSessionAsync(browser, await browser.CallbackAsync(callback), reason: "invalid_grant");
    }

    [Fact]
    public async Task ACallbackReplayedWithoutItsCookiesIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        var callback = await browser.LogInAtProviderAsync(await browser.StartAsync("email=" + Uri.EscapeDataString(email)), email, UserPassword);
        using var attacker = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(attacker, await attacker.CallbackAsync(callback), reason: "Correlation failed");
    }

    [Fact]
    public async Task AChangedStateIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        var callback = await browser.LogInAtProviderAsync(await browser.StartAsync("email=" + Uri.EscapeDataString(email)), email, UserPassword);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        var state = query["state"]!;
        query["state"] = state[..20] + (state[20] == 'x' ? 'y' : 'x') + state[21..];

        await RefusedWithoutSessionAsync(browser, await browser.CallbackAsync(new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + query)));
    }

    [Fact]
    public async Task AMissingStateIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        var callback = await browser.LogInAtProviderAsync(await browser.StartAsync("email=" + Uri.EscapeDataString(email)), email, UserPassword);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        query.Remove("state");

        await RefusedWithoutSessionAsync(browser, await browser.CallbackAsync(new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + query)));
    }

    [Fact]
    public async Task ACallbackWithNothingIsRefused()
    {
        using var browser = new SsoBrowser(Factory);
        await RefusedWithoutSessionAsync(browser, await browser.CallbackAsync(new Uri(Factory.BaseAddress, "/api/auth/sso/callback")));
    }

    [Theory]
    [InlineData("existing")]
    [InlineData("create")]
    public async Task AnEmailOfAnotherBusinessIsRefused(string provision)
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider, provision: provision);
        await CreateAgentAsync(business.Id, $"someone@{domain}");
        var other = await CreateBusinessAsync("Another", NewNumber());
        var theirs = $"them@{Guid.NewGuid():N}.example.org";
        await CreateAgentAsync(other.Id, theirs);
        // The business's provider vouches for an email of another business's account.
        await provider.AddUserAsync(theirs, UserPassword);
        using var browser = new SsoBrowser(Factory);
        var callback = await browser.LogInAtProviderAsync(await browser.StartAsync($"business={business.Id}"), theirs, UserPassword);

        await RefusedWithoutSessionAsync(browser, await browser.CallbackAsync(callback), "sso_unknown_account");
        (await Factory.QueryAsync<Guid>($"SELECT business_id FROM agents WHERE email = '{theirs}'")).ShouldBe(other.Id);
    }

    [Fact]
    public async Task AnUnverifiedEmailIsRefused()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword, emailVerified: false);
        using var browser = new SsoBrowser(Factory);

        await RefusedWithoutSessionAsync(browser, await browser.SignInAsync(email, UserPassword), "sso_no_email");
    }

    [Fact]
    public async Task AfterTheProviderRotatesItsKeysTheNextSignInWorks()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using (var before = new SsoBrowser(Factory))
        {
            (await before.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        }
        var oldKid = SsoTokenTamper.Header(Factory.SsoTokens.LastIdToken!);

        await provider.RotateKeysAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the app's least time between two fetches of the keys (tests: 1 s)
        using var after = new SsoBrowser(Factory);

        (await after.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        SsoTokenTamper.Header(Factory.SsoTokens.LastIdToken!).ShouldNotBe(oldKid, "signed with the new key");
    }
}
