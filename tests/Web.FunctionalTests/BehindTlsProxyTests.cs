using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class TlsProxyFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "proxy-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) => builder.UseSetting("ForwardedHeaders:Enabled", "true");
}

/// <summary>A TLS-terminating proxy on loopback forwards plain HTTP with X-Forwarded-Proto/Host.</summary>
public sealed class BehindTlsProxyTests(TlsProxyFactory factory) : IClassFixture<TlsProxyFactory>
{
    private const string PublicOrigin = "https://crm.example.com";

    [Fact]
    public async Task TheBrowsersHttpsOriginIsItsOwnAndTheCookieIsSecure()
    {
        await Seed.CreateAgentAsync(factory, (await Seed.CreateBusinessAsync(factory, "Acme", "+15551230001")).Id, "agent@acme.example");
        using var browser = factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "agent@acme.example", password = Seed.Password }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "crm.example.com");
        request.Headers.Add("Origin", PublicOrigin);

        using var response = await browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Single().ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task AnotherOriginIsStillRefused()
    {
        using var browser = factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "x@example.com", password = "whatever-long" }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "crm.example.com");
        request.Headers.Add("Origin", "https://evil.example");

        await (await browser.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
    }
}

public sealed class OtherProxyFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "other-proxy-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) => builder
        .UseSetting("ForwardedHeaders:Enabled", "true")
        .UseSetting("ForwardedHeaders:KnownProxies:0", "192.0.2.10");
}

/// <summary>When the operator names the proxies, loopback is not one of them unless named.</summary>
public sealed class NamedProxiesTests(OtherProxyFactory factory) : IClassFixture<OtherProxyFactory>
{
    [Fact]
    public async Task ALocalClientIsNotBelievedWhenOtherProxiesAreNamed()
    {
        using var browser = factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "x@example.com", password = "whatever-long" }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "crm.example.com");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("Origin", "https://crm.example.com");

        // Believed, the headers would make this the public origin (and the client 203.0.113.9); not believed, the
        // browser's https origin is another origin than the app's.
        await (await browser.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
    }
}

/// <summary>Without ForwardedHeaders:Enabled the headers are not believed (anyone could send them).</summary>
public sealed class ForwardedHeadersOffTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task ForwardedHeadersAreIgnoredUnlessEnabled()
    {
        using var browser = Factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "x@example.com", password = "whatever-long" }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "crm.example.com");
        request.Headers.Add("Origin", "https://crm.example.com");

        await (await browser.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
    }
}
