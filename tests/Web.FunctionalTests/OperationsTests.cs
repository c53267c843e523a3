using System.Net;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class OperationsTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task LiveAndReadyAnswer200WithTheDatabaseUp()
    {
        using var client = Factory.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthIsReadOnlyGetAndHead(string path)
    {
        using var client = Factory.CreateClient();
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path)))
        {
            head.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        }
    }

    [Fact]
    public async Task ServesItsOpenApiDocumentListingTheEndpoints()
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await response.Content.ReadAsStringAsync();
        document.ShouldContain("/api/calls/{callSid}");
        document.ShouldContain("/api/webhooks/twilio/call-status");
    }

    [Fact]
    public async Task ServesOverRealHttpOnLoopback()
    {
        using var client = Factory.CreateClient();
        client.BaseAddress!.Host.ShouldBe("127.0.0.1");
        client.BaseAddress.Port.ShouldNotBe(80);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownRouteIsAProblemDocument()
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync("/api/nothing-here");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"not_found\"");
    }
}

/// <summary>The app in the Production environment.</summary>
public class ProductionFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "production-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) => builder.UseEnvironment("Production");
}

public sealed class ProductionWithOpenApiFactory : ProductionFactory
{
    protected override string QuartzInstanceId => "production-openapi-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        base.ConfigureTestServices(builder);
        builder.UseSetting("OpenApi:Enabled", "true");
    }
}

/// <summary>In Production the OpenAPI document (every route, admin ones included) is served only when an operator turns it on.</summary>
public sealed class ProductionOpenApiTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task TheOpenApiDocumentIsNotPublic()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class ProductionOpenApiEnabledTests(ProductionWithOpenApiFactory factory) : IClassFixture<ProductionWithOpenApiFactory>
{
    [Fact]
    public async Task AnOperatorCanTurnTheOpenApiDocumentOn()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
