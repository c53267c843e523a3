using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Bad input is the client's fault: a clear 4xx problem document, nothing stored, and no error (or warning) in the log,
/// whatever the input: control characters, broken HTTP framing, absurd webhook values, JSON of the wrong shape.
/// </summary>
public sealed class BadInputTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Nul = "\u0000";

    private void ShouldHaveLoggedNoWarningOrError() => Factory.Logs.WarningsAndErrors().ShouldBeEmpty();

    [Fact]
    public async Task ANulInTheLoginEmailIs400()
    {
        Factory.Logs.Clear();
        using var browser = Factory.CreateBrowser();

        using var response = await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana" + Nul + "@acme.example", password = "whatever-long" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").GetProperty("Email")[0].GetString().ShouldBe("'Email' must not contain control characters.");
        ShouldHaveLoggedNoWarningOrError();
    }

    [Theory]
    [InlineData("not.a.token")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")] // a header, then a payload that is not JSON
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjUsImF1ZCI6e319.c2ln")] // {"iss":5,"aud":{}}
    [InlineData("eyJhbGciOiJSUzI1NiJ9.WzEsMl0.c2ln")] // a payload that is a JSON array
    [InlineData("e30.e30.")] // {} . {} . no signature
    public async Task TheProvidersBackChannelLogoutIsNotHeldToTheAppsOriginAndRefusesAMalformedToken(string logoutToken)
    {
        // Its credential is the signed logout token, like a webhook's signature: an identity provider's server may say
        // where it comes from. A token that does not check out is the endpoint's own 400, not the origin guard's 403.
        Factory.Logs.Clear();
        using var browser = Factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sso/backchannel-logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }),
        };
        request.Headers.Add("Origin", "https://idp.example");

        var response = await browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("invalid_request");
        ShouldHaveLoggedNoWarningOrError();
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("audio/mpeg")]
    [InlineData("application/xml")]
    public async Task AnErrorIsAProblemDocumentWhateverTheClientAccepts(string accept)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", "+15551230001");
        Factory.Logs.Clear();
        using var anonymous = Factory.CreateBrowser();

        async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? json = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : JsonContent.Create(json) };
            request.Headers.Add("Accept", accept);
            return await client.SendAsync(request);
        }

        using var login = await SendAsync(anonymous, HttpMethod.Post, "/api/auth/login", new { email = "nobody@acme.example", password = "wrong-password" });
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        using var file = await SendAsync(browser, HttpMethod.Get, "/api/recordings/file/CA0123456789abcdef0123456789abcdef");
        await file.ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        using var list = await SendAsync(browser, HttpMethod.Get, "/api/calls?limit=0");
        await list.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var nowhere = await SendAsync(browser, HttpMethod.Get, "/api/no-such-thing");
        await nowhere.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task ANulInTheCallSearchIs400()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", "+15551230001");
        Factory.Logs.Clear();

        using var response = await browser.GetAsync("/api/calls?q=4155%00");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        ShouldHaveLoggedNoWarningOrError();
    }

    [Theory]
    [InlineData("name")]
    [InlineData("phoneNumber")]
    public async Task ANulInABusinessIs400AndStoresNothing(string field)
    {
        Factory.Logs.Clear();
        using var admin = Factory.CreateAdmin();

        using var response = await admin.PostAsJsonAsync("/api/admin/businesses", new
        {
            name = field == "name" ? "Ac" + Nul + "me" : "Acme",
            phoneNumbers = new[] { field == "phoneNumber" ? "+1555123" + Nul + "0001" : "+15551230001" },
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM businesses")).ShouldBe(0);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Theory]
    [InlineData("email")]
    [InlineData("displayName")]
    [InlineData("password")]
    public async Task ANulInAnAgentIs400AndStoresNothing(string field)
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        Factory.Logs.Clear();
        using var admin = Factory.CreateAdmin();

        using var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents", new
        {
            email = field == "email" ? "dana" + Nul + "@acme.example" : "dana@acme.example",
            password = field == "password" ? "a long pass" + Nul + "word" : Seed.Password,
            displayName = field == "displayName" ? "Da" + Nul + "na" : "Dana",
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM agents")).ShouldBe(0);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task AFormBeyondTheParsersLimitsIsAnInvalidWebhookThatDoesNotNameTheLimits()
    {
        Factory.Logs.Clear();
        using var client = Factory.CreateClient();
        var fields = Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create($"f{i}", "x"));
        using var form = new FormUrlEncodedContent(fields);

        using var response = await client.PostAsync("/api/webhooks/twilio/call-status", form);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldNotContain("1024");
        detail.ShouldNotContain("limit", Case.Insensitive);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task ANulInAWebhookIsAnInvalidWebhook()
    {
        Factory.Logs.Clear();
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), "+972501234567", "+15551230001");
        fields["From"] = "+97250" + Nul + "1234567";

        using var response = await Twilio.CallStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task AJsonValueOfTheWrongTypeNamesTheFieldAndNoInternalType()
    {
        Factory.Logs.Clear();
        using var browser = Factory.CreateBrowser();

        using var response = await browser.PostAsync("/api/auth/login", new StringContent("{\"email\":123}", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["email"]);
        errors.GetProperty("email")[0].GetString()!.ShouldStartWith("'email' could not be read");
        var body = problem.GetRawText();
        body.ShouldNotContain("LoginRequest");
        body.ShouldNotContain("LineNumber");
        body.ShouldNotContain("BytePosition");
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task ABodyThatIsNotJsonSaysSo()
    {
        using var browser = Factory.CreateBrowser();

        using var response = await browser.PostAsync("/api/auth/login", new StringContent("not json", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["body"]);
    }

    [Fact]
    public async Task AnOverflowingChunkSizeIs400()
    {
        Factory.Logs.Clear();

        var answer = await RawAsync(
            "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "FFFFFFFFFFFFFFFFFF\r\nabc\r\n");

        answer.ShouldStartWith("HTTP/1.1 400 ");
        answer.ShouldContain("application/problem+json");
        (await Factory.Logs.RequestLoggedAsync("/api/auth/login")).ShouldBe(400);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Theory]
    [InlineData("/api/auth/login", "application/json", "{\"email\":\"dana@acme.example\",\"pass")]
    [InlineData("/api/admin/businesses", "application/json", "{\"name\":\"Ac")]
    [InlineData(TwilioWebhookClient.CallStatusPath, "application/x-www-form-urlencoded", "CallSid=CA0123&AccountSid=AC")]
    public async Task ABodyCutOffMidUploadIsNeverAnError(string path, string contentType, string part)
    {
        Factory.Logs.Clear();

        // Announces 1,000 bytes, sends a few, and hangs up.
        await RawAsync($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: 1000\r\n"
            + $"X-Admin-Key: {RecordingsApiFactory.AdminKey}\r\nX-Twilio-Signature: x\r\n\r\n{part}", hangUp: true);

        var status = await Factory.Logs.RequestLoggedAsync(path);

        status.ShouldBeLessThan(500);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task ACallStatusFromYearOneIsAnInvalidWebhookAndStoresNothing()
    {
        Factory.Logs.Clear();
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), "+972501234567", "+15551230001", duration: "100",
            timestamp: "Mon, 01 Jan 0001 00:00:00 +0000");

        using var response = await Twilio.CallStatusAsync(fields);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        problem.GetProperty("errors").GetProperty("Timestamp")[0].GetString()!.ShouldContain("within 30 days");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
        ShouldHaveLoggedNoWarningOrError();
    }

    [Fact]
    public async Task ACallStatusOfTheFarFutureIsAnInvalidWebhook()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), "+972501234567", "+15551230001",
            timestamp: "Fri, 31 Dec 9999 23:59:59 +0000");

        using var response = await Twilio.CallStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
    }

    [Fact]
    public async Task ACallStatusOfTodayIsAccepted()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), "+972501234567", "+15551230001", duration: "100",
            timestamp: DateTimeOffset.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        using var response = await Twilio.CallStatusAsync(fields);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// <summary>
    /// Sends raw bytes to the app over a new TCP connection; returns what came back until the app closed the connection
    /// (send "Connection: close"), or nothing when this client hangs up.
    /// </summary>
    private async Task<string> RawAsync(string request, bool hangUp = false)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Factory.BaseAddress.Host, Factory.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (hangUp)
        {
            socket.Client.Shutdown(SocketShutdown.Both);
            return string.Empty;
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
