using System.Net;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>An app whose built web client sits in a folder of its own (as run.sh points Client:Path at client/dist).</summary>
public sealed class ClientAppFactory : RecordingsApiFactory
{
    public string ClientPath { get; } = Directory.CreateTempSubdirectory("recordings-client-").FullName;

    public ClientAppFactory()
    {
        Directory.CreateDirectory(Path.Combine(ClientPath, "assets"));
        File.WriteAllText(Path.Combine(ClientPath, "index.html"), "<!doctype html><html><body><div id=\"root\"></div></body></html>");
        File.WriteAllText(Path.Combine(ClientPath, "assets", "app-1a2b3c.js"), "console.log('app');");
    }

    protected override string QuartzInstanceId => "client-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) => builder.UseSetting("Client:Path", ClientPath);
}

/// <summary>The client is served from the API's origin: its files, and index.html for its routes; /api stays the API.</summary>
public sealed class ClientAppTests(ClientAppFactory factory) : IClassFixture<ClientAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/calls/CA0123456789abcdef0123456789abcdef")]
    public async Task TheClientsRoutesGetItsPage(string path)
    {
        using var client = factory.CreateBrowser();

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<div id=\"root\">");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task HashedAssetsAreCachedForGood()
    {
        using var client = factory.CreateBrowser();

        using var response = await client.GetAsync("/assets/app-1a2b3c.js");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().ShouldContain("immutable");
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api")]
    [InlineData("/health/nothing")]
    [InlineData("/assets/missing-9z8y.js")]
    public async Task TheApiIsNeverAnsweredWithThePage(string path)
    {
        using var client = factory.CreateBrowser();

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
    }

    [Fact]
    public async Task TheApiStillAnswers()
    {
        using var client = factory.CreateBrowser();

        await (await client.GetAsync("/api/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("GET", "/api/webhooks/twilio/call-status", "POST")]
    [InlineData("GET", "/api/webhooks/twilio/recording-status", "POST")]
    [InlineData("HEAD", "/api/calls", "GET")]
    [InlineData("DELETE", "/api/auth/me", "GET")]
    [InlineData("GET", "/api/auth/logout", "POST")]
    public async Task AWrongMethodOnAnApiRouteIs405WithAllow(string method, string path, string allowed)
    {
        using var client = factory.CreateBrowser();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe([allowed]);
        if (method != "HEAD")
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        }
    }

    [Theory]
    [InlineData("POST", "/api/recordings/%2e%2e/prepare")]
    [InlineData("POST", "/api/nothing-here")]
    [InlineData("GET", "/api/calls/CA0123456789abcdef0123456789abcdef/nothing")]
    public async Task AnUnknownApiPathIsA404ProblemWhateverTheMethod(string method, string path)
    {
        using var client = factory.CreateBrowser();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ThePageForbidsInlineScriptAndFraming()
    {
        using var client = factory.CreateBrowser();

        using var response = await client.GetAsync("/calls/CA0123456789abcdef0123456789abcdef");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Fact]
    public async Task TheClientsFilesAndErrorsCarryTheHeadersToo()
    {
        using var client = factory.CreateBrowser();

        using var asset = await client.GetAsync("/assets/app-1a2b3c.js");
        using var missing = await client.GetAsync("/assets/missing-9z8y.js");

        asset.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        missing.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        missing.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }
}
