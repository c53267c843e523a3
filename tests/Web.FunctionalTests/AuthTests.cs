using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class AuthTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task LoginAnswersTheAgentAndSetsAnHttpOnlyLaxSessionCookie()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();

        var response = await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana@acme.example", password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var agent = await response.Content.ReadFromJsonAsync<JsonElement>();
        agent.GetProperty("email").GetString().ShouldBe("dana@acme.example");
        agent.GetProperty("displayName").GetString().ShouldBe("Agent dana@acme.example");
        agent.GetProperty("businessId").GetGuid().ShouldBe(business.Id);
        agent.GetProperty("businessName").GetString().ShouldBe("Acme");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recordings.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldNotContain("secure", Case.Insensitive); // plain HTTP here; Secure when the request is HTTPS
    }

    [Fact]
    public async Task MeAnswersTheSessionsAgentAndLogoutEndsIt()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();
        (await browser.PostAsJsonAsync("/api/auth/login", new { email = "DANA@acme.example", password = Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/auth/me");
        me.GetProperty("email").GetString().ShouldBe("dana@acme.example");

        (await browser.PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await browser.GetAsync("/api/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await browser.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongPasswordAndUnknownEmailGetTheSameAnswer()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();

        var wrongPassword = await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana@acme.example", password = "not the password" });
        var unknownEmail = await browser.PostAsJsonAsync("/api/auth/login", new { email = "nobody@acme.example", password = "not the password" });

        var first = await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var second = await unknownEmail.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        first.GetProperty("detail").GetString().ShouldBe(second.GetProperty("detail").GetString());
        first.GetProperty("title").GetString().ShouldBe(second.GetProperty("title").GetString());
        wrongPassword.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task LoginWithoutFieldsIs400()
    {
        using var browser = Factory.CreateBrowser();

        var response = await browser.PostAsJsonAsync("/api/auth/login", new { email = "" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task MalformedJsonIs400()
    {
        using var browser = Factory.CreateBrowser();

        var response = await browser.PostAsync("/api/auth/login", new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task TamperedSessionCookieIs401()
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", "recordings.session=CfDJ8forged");

        await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("GET", "/api/calls")]
    [InlineData("GET", "/api/calls/CA0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "/api/auth/me")]
    public async Task WithoutASessionTheApiAnswers401AndNeverRedirects(string method, string path)
    {
        using var client = Factory.CreateBrowser();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task StateChangingRequestFromAnotherSiteIs403()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "dana@acme.example", password = Password }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await browser.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task StateChangingRequestFromTheAppsOwnOriginIsAccepted()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var browser = Factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "dana@acme.example", password = Password }),
        };
        request.Headers.Add("Origin", Factory.BaseAddress.GetLeftPart(UriPartial.Authority));

        (await browser.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
