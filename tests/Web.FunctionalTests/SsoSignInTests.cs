using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Single sign-on against the real provider (oidc-provider, scripts/idp): the sign-in starts our own session (the same
/// cookie and session row as a password login), accounts are found or created by the email claim, roles and teams
/// follow the claims, and every refusal is a redirect to <c>/login?error=code</c>, logged at Information, with no session.
/// </summary>
public sealed class SsoSignInTests(RecordingsApiFactory factory) : SsoTest(factory)
{
    [Fact]
    public async Task AnExistingAccountSignsInThroughItsProviderAndGetsOurOwnSession()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword, "Dana");
        using var browser = new SsoBrowser(Factory);

        var authorize = await browser.StartAsync("email=" + Uri.EscapeDataString(email));

        authorize.GetLeftPart(UriPartial.Path).ShouldBe(provider.Issuer + "/auth");
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        // oidc-provider offers pushed authorization requests (RFC 9126), which the handler uses: the parameters (code,
        // PKCE, state, nonce, login_hint) went to the provider directly, and the browser carries only their reference.
        query["client_id"].ShouldNotBeNullOrEmpty();
        query["request_uri"].ShouldStartWith("urn:ietf:params:oauth:request_uri:");

        var landing = await browser.CallbackAsync(await browser.LogInAtProviderAsync(authorize, email, UserPassword));

        landing.ShouldBe("/calls");
        var me = await browser.MeBodyAsync();
        me.GetProperty("email").GetString().ShouldBe(email);
        me.GetProperty("businessId").GetGuid().ShouldBe(business.Id);
        (await SessionsAsync()).ShouldBe(1, "one session row, as a password login makes");
        (await browser.App.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var logout = await browser.App.PostAsync("/api/auth/logout", null);
        logout.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.MeAsync()).ShouldBe(HttpStatusCode.Unauthorized);
        (await SessionsAsync()).ShouldBe(0);
        // RP-initiated logout: the provider has an end_session_endpoint; the client sends the browser there next.
        var providerLogout = new Uri((await logout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("providerLogoutUrl").GetString()!);
        providerLogout.GetLeftPart(UriPartial.Path).ShouldBe(provider.Issuer + "/session/end");
        var logoutQuery = System.Web.HttpUtility.ParseQueryString(providerLogout.Query);
        logoutQuery["post_logout_redirect_uri"].ShouldBe(new Uri(Factory.BaseAddress, "/login").ToString());
        logoutQuery["client_id"].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task TheBusinessCanBeNamedInsteadOfTheEmail()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider);
        var email = $"noa@{domain}";
        await CreateAgentAsync(business.Id, email);
        await provider.AddUserAsync(email, UserPassword);
        using var browser = new SsoBrowser(Factory);

        (await browser.SignInAsync(email, UserPassword, $"business={business.Id}")).ShouldBe("/calls");
        (await browser.MeAsync()).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithProvisionCreateANewcomerIsCreatedWithRoleAndTeamsFromTheClaimsUpdatedAtEachLogin()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider, provision: "create", extra: new
        {
            roleClaim = "groups",
            roleValues = new Dictionary<string, string> { ["admin"] = "cc-admins", ["supervisor"] = "cc-supervisors" },
            teamsClaim = "teams",
        });
        // Someone of the domain exists already (how a newcomer's email finds its business), an admin to manage teams.
        var adminEmail = $"boss@{domain}";
        using (var admin = Factory.CreateAdmin())
        {
            (await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
                new { email = adminEmail, password = Seed.Password, displayName = "Boss", role = "admin" })).EnsureSuccessStatusCode();
        }
        await Factory.QueryAsync<int>(
            $"INSERT INTO teams (id, business_id, name, created_at) VALUES ('{Guid.NewGuid()}', '{business.Id}', 'Sales', now()), ('{Guid.NewGuid()}', '{business.Id}', 'Support', now()) RETURNING 1");
        var email = $"newcomer@{domain}";
        await provider.AddUserAsync(email, UserPassword, "New Comer", groups: ["cc-supervisors", "everyone"], teams: ["Sales"]);
        using var browser = new SsoBrowser(Factory);

        (await browser.SignInAsync(email, UserPassword)).ShouldBe("/calls");

        var me = await browser.MeBodyAsync();
        me.GetProperty("email").GetString().ShouldBe(email);
        me.GetProperty("role").GetString().ShouldBe("supervisor");
        me.GetProperty("displayName").GetString().ShouldBe("New Comer");
        (await TeamsOfAsync(email)).ShouldBe("Sales");

        await provider.AddUserAsync(email, UserPassword, "New Comer", groups: ["cc-admins"], teams: ["Support", "Unknown team"]);
        using var again = new SsoBrowser(Factory);
        (await again.SignInAsync(email, UserPassword)).ShouldBe("/calls");
        (await again.MeBodyAsync()).GetProperty("role").GetString().ShouldBe("admin");
        (await TeamsOfAsync(email)).ShouldBe("Support");
    }

    private async Task<string> TeamsOfAsync(string email) => await Factory.QueryAsync<string>(
        $"SELECT coalesce(string_agg(t.name, ',' ORDER BY t.name), '') FROM team_members m JOIN teams t ON t.id = m.team_id " +
        $"JOIN agents u ON u.id = m.account_id WHERE u.email = '{email}'");

    [Fact]
    public async Task AnUnknownEmailIsRefusedWhenTheBusinessDoesNotCreateAccounts()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider);
        await CreateAgentAsync(business.Id, $"someone@{domain}");
        var email = $"stranger@{domain}";
        await provider.AddUserAsync(email, UserPassword);
        using var browser = new SsoBrowser(Factory);

        (await browser.SignInAsync(email, UserPassword)).ShouldBe("/login?error=sso_unknown_account");

        (await browser.MeAsync()).ShouldBe(HttpStatusCode.Unauthorized);
        (await SessionsAsync()).ShouldBe(0);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM agents WHERE email = '{email}'")).ShouldBe(0);
        RefusalWasLoggedAtInformation("sso_unknown_account");
    }

    [Fact]
    public async Task ADisabledAccountCannotSignIn()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider);
        var email = $"leaver@{domain}";
        await CreateAgentAsync(business.Id, email);
        var id = await Factory.QueryAsync<Guid>($"SELECT id FROM agents WHERE email = '{email}'");
        using var admin = Factory.CreateAdmin();
        (await admin.PostAsync($"/api/admin/businesses/{business.Id}/agents/{id}/disable", null)).EnsureSuccessStatusCode();
        await provider.AddUserAsync(email, UserPassword);
        using var browser = new SsoBrowser(Factory);

        (await browser.SignInAsync(email, UserPassword)).ShouldBe("/login?error=account_disabled");

        (await SessionsAsync()).ShouldBe(0);
        RefusalWasLoggedAtInformation("account_disabled");
    }

    [Fact]
    public async Task AnEmailOfNoBusinessWithSsoIsSentBackToTheLoginPage()
    {
        var (business, _) = await AgentOfNewBusinessAsync("Passwords only", NewNumber());
        using var browser = new SsoBrowser(Factory);

        using var unknown = await browser.App.GetAsync("/api/auth/sso?email=nobody%40nowhere.example");
        unknown.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        unknown.Headers.Location!.OriginalString.ShouldBe("/login?error=sso_not_configured");
        using var passwordsOnly = await browser.App.GetAsync($"/api/auth/sso?business={business.Id}");
        passwordsOnly.Headers.Location!.OriginalString.ShouldBe("/login?error=sso_not_configured");
        using var nothing = await browser.App.GetAsync("/api/auth/sso");
        nothing.Headers.Location!.OriginalString.ShouldBe("/login?error=sso_not_configured");
    }

    [Fact]
    public async Task WithoutPasswordLoginAPasswordLoginIsAnsweredSsoRequiredWithTheSsoUrl()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider, passwordLogin: false);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        using var browser = Factory.CreateBrowser();

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password });

        var problem = await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "sso_required");
        problem.GetProperty("ssoUrl").GetString().ShouldBe("/api/auth/sso?email=" + Uri.EscapeDataString(email));
        (await SessionsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task PasswordLoginGoesOnForABusinessThatAllowsIt()
    {
        var provider = await TestIdentityProvider.SharedAsync();
        var (business, domain) = await BusinessWithSsoAsync(provider, passwordLogin: true);
        var email = $"dana@{domain}";
        await CreateAgentAsync(business.Id, email);
        using var browser = Factory.CreateBrowser();

        (await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TwoBusinessesWithDifferentProvidersEachSignInThroughTheirOwn()
    {
        var first = await TestIdentityProvider.SharedAsync();
        var second = await TestIdentityProvider.SecondAsync();
        first.Issuer.ShouldNotBe(second.Issuer);
        var (one, oneDomain) = await BusinessWithSsoAsync(first);
        var (two, twoDomain) = await BusinessWithSsoAsync(second);
        var dana = $"dana@{oneDomain}";
        var noa = $"noa@{twoDomain}";
        await CreateAgentAsync(one.Id, dana);
        await CreateAgentAsync(two.Id, noa);
        await first.AddUserAsync(dana, UserPassword);
        await second.AddUserAsync(noa, UserPassword);
        using var danaBrowser = new SsoBrowser(Factory);
        using var noaBrowser = new SsoBrowser(Factory);

        (await danaBrowser.StartAsync("email=" + Uri.EscapeDataString(dana))).GetLeftPart(UriPartial.Authority).ShouldBe(first.Issuer);
        (await noaBrowser.StartAsync("email=" + Uri.EscapeDataString(noa))).GetLeftPart(UriPartial.Authority).ShouldBe(second.Issuer);
        (await danaBrowser.SignInAsync(dana, UserPassword)).ShouldBe("/calls");
        (await noaBrowser.SignInAsync(noa, UserPassword)).ShouldBe("/calls");
        (await danaBrowser.MeBodyAsync()).GetProperty("businessId").GetGuid().ShouldBe(one.Id);
        (await noaBrowser.MeBodyAsync()).GetProperty("businessId").GetGuid().ShouldBe(two.Id);
    }

    [Fact]
    public async Task AProviderThatCannotBeReachedIsAClearMessageAndPasswordLoginGoesOn()
    {
        var business = await CreateBusinessAsync("Down", NewNumber());
        var email = $"dana@{Guid.NewGuid():N}.example.com";
        await CreateAgentAsync(business.Id, email);
        using var admin = Factory.CreateAdmin();
        // A loopback port where nothing listens.
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var closed = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        (await admin.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/sso",
            new { issuer = $"http://127.0.0.1:{closed}", clientId = "a", clientSecret = "b" })).EnsureSuccessStatusCode();
        using var browser = new SsoBrowser(Factory);

        using var start = await browser.App.GetAsync("/api/auth/sso?email=" + Uri.EscapeDataString(email));

        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        start.Headers.Location!.OriginalString.ShouldBe("/login?error=sso_unavailable");
        RefusalWasLoggedAtInformation("sso_unavailable");
        (await browser.App.PostAsJsonAsync("/api/auth/login", new { email, password = Seed.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
