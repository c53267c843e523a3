using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class AdminTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task CreatesABusinessWithItsNumbers()
    {
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync("/api/admin/businesses", new { name = "  Acme  ", phoneNumbers = new[] { "+15551230001", "+972501234567" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var business = await response.Content.ReadFromJsonAsync<JsonElement>();
        business.GetProperty("name").GetString().ShouldBe("Acme");
        business.GetProperty("phoneNumbers").EnumerateArray().Select(n => n.GetString()).ShouldBe(["+15551230001", "+972501234567"], ignoreOrder: true);
        response.Headers.Location!.ToString().ShouldBe($"/api/admin/businesses/{business.GetProperty("id").GetGuid()}");
    }

    [Fact]
    public async Task NumberAlreadyOwnedIs409AndTheSecondBusinessIsNotCreated()
    {
        using var admin = Factory.CreateAdmin();
        await CreateBusinessAsync("Acme", "+15551230001");

        var response = await admin.PostAsJsonAsync("/api/admin/businesses", new { name = "Globex", phoneNumbers = new[] { "+15559990000", "+15551230001" } });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "phone_number_taken");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM businesses")).ShouldBe(1);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM business_phone_numbers WHERE number = '+15559990000'")).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentClaimsOfOneNumberLetExactlyOneBusinessHaveIt()
    {
        using var admin = Factory.CreateAdmin();
        Factory.Logs.Clear();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            admin.PostAsJsonAsync("/api/admin/businesses", new { name = $"Business {i}", phoneNumbers = new[] { "+15551230001" } })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM businesses")).ShouldBe(1);
        Factory.Logs.WarningsAndErrors().ShouldBeEmpty("the unique-key race is handled: a 409, not a fault");
    }

    [Theory]
    [InlineData("5551230001")]
    [InlineData("+0551230001")]
    [InlineData("+1 555 123 0001")]
    [InlineData("+1555123000123456")]
    public async Task NonE164NumberIs400(string number)
    {
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync("/api/admin/businesses", new { name = "Acme", phoneNumbers = new[] { number } });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM businesses")).ShouldBe(0);
    }

    [Fact]
    public async Task BusinessWithoutNameOrNumbersIs400()
    {
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync("/api/admin/businesses", new { name = " ", phoneNumbers = Array.Empty<string>() });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["Name", "PhoneNumbers"], ignoreOrder: true);
    }

    [Fact]
    public async Task CreatesAnAgentWhoCanLogIn()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = "dana@acme.example", password = "0123456789", displayName = "Dana" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var agent = await response.Content.ReadFromJsonAsync<JsonElement>();
        agent.GetProperty("email").GetString().ShouldBe("dana@acme.example");
        agent.GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
        using var browser = Factory.CreateBrowser();
        (await browser.PostAsJsonAsync("/api/auth/login", new { email = "dana@acme.example", password = "0123456789" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PasswordsAreStoredHashed()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example", "a very secret passphrase");

        var stored = await Factory.QueryAsync<string>("SELECT password_hash FROM agents");

        stored.ShouldNotContain("a very secret passphrase");
        stored.Length.ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task EmailAlreadyUsedIs409EvenInAnotherCase()
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        await CreateAgentAsync(business.Id, "dana@acme.example");
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = "Dana@Acme.example", password = "0123456789", displayName = "Dana again" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email_taken");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM agents")).ShouldBe(1);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789")]
    [InlineData("aaaaaaaaaa")]
    public async Task WeakPasswordIs400AndNoAgentIsCreated(string password)
    {
        var business = await CreateBusinessAsync("Acme", "+15551230001");
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email = "dana@acme.example", password, displayName = "Dana" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldContain("Password");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM agents")).ShouldBe(0);
    }

    [Fact]
    public async Task AgentOfAnUnknownBusinessIs404()
    {
        using var admin = Factory.CreateAdmin();

        var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{Guid.NewGuid()}/agents",
            new { email = "dana@acme.example", password = "0123456789", displayName = "Dana" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "business_not_found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("TEST-ADMIN-KEY")]
    [InlineData("test-admin-keyx")]
    public async Task MissingOrWrongAdminKeyIs401(string? key)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/businesses")
        {
            Content = JsonContent.Create(new { name = "Acme", phoneNumbers = new[] { "+15551230001" } }),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Admin-Key", key);
        }

        var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_admin_key");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM businesses")).ShouldBe(0);
    }

    [Fact]
    public async Task AnAgentSessionIsNotAnAdminKey()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", "+15551230001");

        var response = await browser.PostAsJsonAsync("/api/admin/businesses", new { name = "Mine", phoneNumbers = new[] { "+15551230002" } });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_admin_key");
    }
}

/// <summary>The same app with no <c>Admin:ApiKey</c>: the admin API does not exist.</summary>
public sealed class WithoutAdminKeyFactory : RecordingsApiFactory
{
    protected override string? AdminApiKey => null;
}

public sealed class AdminDisabledTests(WithoutAdminKeyFactory factory) : IClassFixture<WithoutAdminKeyFactory>
{
    [Fact]
    public async Task AdminApiIs404WhenNoKeyIsConfigured()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/businesses")
        {
            Content = JsonContent.Create(new { name = "Acme", phoneNumbers = new[] { "+15551230001" } }),
        };
        request.Headers.Add("X-Admin-Key", "");

        await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
