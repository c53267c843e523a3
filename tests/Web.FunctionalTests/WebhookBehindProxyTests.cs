using System.Net;
using Microsoft.AspNetCore.Hosting;
using Recordings.Infrastructure.Twilio;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>Behind a proxy Twilio signs the public URL, which <c>Twilio:WebhookBaseUrl</c> names.</summary>
public sealed class BehindProxyFactory : RecordingsApiFactory
{
    public const string PublicBaseUrl = "https://recordings.example.com/crm";

    protected override void ConfigureTestServices(IWebHostBuilder builder) => builder.UseSetting("Twilio:WebhookBaseUrl", PublicBaseUrl);
}

public sealed class WebhookBehindProxyTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task SignatureOverThePublicUrlIsAccepted()
    {
        var fields = TwilioWebhookClient.CallStatus("CA" + Guid.NewGuid().ToString("N"), "+15550000001", "+15551230001");
        var signature = TwilioRequestValidator.ComputeSignature(
            RecordingsApiFactory.AuthToken, BehindProxyFactory.PublicBaseUrl + TwilioWebhookClient.CallStatusPath + "?attempt=2", fields);
        var client = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);

        var response = await client.PostAsync(TwilioWebhookClient.CallStatusPath + "?attempt=2", fields, signature);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task SignatureOverTheInternalUrlIsRefused()
    {
        var fields = TwilioWebhookClient.CallStatus("CA" + Guid.NewGuid().ToString("N"), "+15550000001", "+15551230001");
        var client = new TwilioWebhookClient(factory.CreateClient(), RecordingsApiFactory.AuthToken);

        var response = await client.CallStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
    }
}
