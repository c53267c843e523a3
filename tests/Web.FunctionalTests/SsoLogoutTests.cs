using System.Net;
using System.Net.Http.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Logout that ends everything: the provider's back-channel logout (a logout token it signs and posts to the app) ends
/// every session of that user on every node; a token that does not check out is refused and ends nothing.
/// </summary>
public sealed class SsoLogoutTests(RecordingsApiFactory factory) : SsoTest(factory)
{
    private async Task<(BusinessResponse Business, string Email)> ReadyAsync(TestIdentityProvider provider)
    {
        var (business, domain) = await BusinessWithSsoAsync(provider);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword);
        return (business, email);
    }

    [Fact]
    public async Task TheProvidersBackchannelLogoutEndsEverySessionOfThatUserWithinSeconds()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, email) = await ReadyAsync(provider);
        var colleague = $"noa@{email.Split('@')[1]}";
        await CreateAgentAsync(business.Id, colleague);
        await provider.AddUserAsync(colleague, UserPassword);
        using var first = new SsoBrowser(Factory);
        using var second = new SsoBrowser(Factory);
        using var other = new SsoBrowser(Factory);
        (await first.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        (await second.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        (await other.SignInAsync(colleague, UserPassword)).ShouldBe("/calls");
        using var password = Factory.CreateBrowser();
        (await password.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password })).EnsureSuccessStatusCode();

        await provider.BackchannelLogoutAsync(email);

        var ended = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => await first.MeAsync() == HttpStatusCode.Unauthorized
            && await second.MeAsync() == HttpStatusCode.Unauthorized, "both browsers' sessions to end");
        ended.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await password.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "every session of the account");
        (await other.MeAsync()).ShouldBe(HttpStatusCode.OK, "a colleague's session goes on");
    }

    [Fact]
    public async Task ALogoutTokenThatDoesNotCheckOutIsRefusedAndEndsNothing()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (_, email) = await ReadyAsync(provider);
        using var browser = new SsoBrowser(Factory);
        (await browser.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        var idToken = Factory.SsoTokens.LastIdToken!;
        using var anyone = new HttpClient { BaseAddress = Factory.BaseAddress };

        async Task RefusedAsync(string token)
        {
            using var response = await anyone.PostAsync("/api/auth/sso/backchannel-logout",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, token);
            (await browser.MeAsync()).ShouldBe(HttpStatusCode.OK);
        }

        // The provider's own ID token for this user: signed, right issuer and audience, but no back-channel logout event (and a nonce).
        await RefusedAsync(idToken);
        // A logout token made of it: the events claim added, the signature no longer matches.
        await RefusedAsync(SsoTokenTamper.Edit(idToken, payload: p =>
        {
            p["events"] = new System.Text.Json.Nodes.JsonObject { ["http://schemas.openid.net/event/backchannel-logout"] = new System.Text.Json.Nodes.JsonObject() };
            p.Remove("nonce");
        }));
        await RefusedAsync(SsoTokenTamper.Edit(idToken, header: h => { h["alg"] = "none"; h.Remove("kid"); }, signature: string.Empty));
        await RefusedAsync("not-a-token");
        await RefusedAsync(string.Empty);
    }
}
