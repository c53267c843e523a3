using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The operator's single sign-on settings per business: <c>PUT/GET/DELETE /api/admin/businesses/{id}/sso</c>; the client
/// secret is stored protected, never answered, never logged.
/// </summary>
public sealed class SsoSettingsTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Secret = "s3cret-of-the-provider-7f1c2a";

    private static object Settings(string? clientSecret = Secret) => new
    {
        issuer = "https://login.example.com/tenant-1/",
        clientId = "recordings-app",
        clientSecret,
        emailClaim = "email",
        roleClaim = "groups",
        roleValues = new Dictionary<string, string> { ["admin"] = "cc-admins", ["supervisor"] = "cc-supervisors", ["agent"] = "cc-agents" },
        teamsClaim = "teams",
        provision = "create",
        passwordLogin = false,
    };

    private async Task<HttpResponseMessage> PutAsync(Guid businessId, object body)
    {
        using var admin = Factory.CreateAdmin();
        return await admin.PutAsJsonAsync($"/api/admin/businesses/{businessId}/sso", body);
    }

    private async Task<HttpResponseMessage> PutJsonAsync(Guid businessId, string json)
    {
        using var admin = Factory.CreateAdmin();
        return await admin.PutAsync($"/api/admin/businesses/{businessId}/sso",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task TheSettingsAreWrittenAndReadWithoutTheSecret()
    {
        var business = await CreateBusinessAsync("Single", "+15551237001");
        using var admin = Factory.CreateAdmin();

        using var put = await PutAsync(business.Id, Settings());

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var written = await put.Content.ReadAsStringAsync();
        written.ShouldNotContain(Secret);
        var read = await admin.GetAsync($"/api/admin/businesses/{business.Id}/sso");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await read.Content.ReadAsStringAsync();
        text.ShouldNotContain(Secret);
        text.ShouldNotContain("\"clientSecret\"", Case.Sensitive);
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("issuer").GetString().ShouldBe("https://login.example.com/tenant-1", "stored without the trailing slash");
        body.GetProperty("clientId").GetString().ShouldBe("recordings-app");
        body.GetProperty("hasClientSecret").GetBoolean().ShouldBeTrue();
        body.GetProperty("emailClaim").GetString().ShouldBe("email");
        body.GetProperty("roleClaim").GetString().ShouldBe("groups");
        body.GetProperty("roleValues").GetProperty("supervisor").GetString().ShouldBe("cc-supervisors");
        body.GetProperty("teamsClaim").GetString().ShouldBe("teams");
        body.GetProperty("provision").GetString().ShouldBe("create");
        body.GetProperty("passwordLogin").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task TheSecretIsStoredProtectedAndNeverLogged()
    {
        var business = await CreateBusinessAsync("Single", "+15551237002");

        (await PutAsync(business.Id, Settings())).EnsureSuccessStatusCode();

        var stored = await Factory.QueryAsync<string>(
            $"SELECT client_secret_protected FROM business_sso WHERE business_id = '{business.Id}'");
        stored.ShouldNotBeNullOrEmpty();
        stored.ShouldNotContain(Secret);
        Convert.FromBase64String(stored).Length.ShouldBeGreaterThan(Secret.Length, "a Data Protection payload");
        Factory.Logs.All().ShouldNotContain(e => e.RenderMessage(null).Contains(Secret)
            || e.Properties.Values.Any(v => v.ToString().Contains(Secret)));
    }

    [Fact]
    public async Task APutWithoutASecretKeepsTheStoredOneAndTheDefaultsApply()
    {
        var business = await CreateBusinessAsync("Single", "+15551237003");
        (await PutAsync(business.Id, Settings())).EnsureSuccessStatusCode();
        var before = await Factory.QueryAsync<string>($"SELECT client_secret_protected FROM business_sso WHERE business_id = '{business.Id}'");

        using var put = await PutAsync(business.Id, new { issuer = "https://idp.example.org", clientId = "other" });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await put.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("hasClientSecret").GetBoolean().ShouldBeTrue();
        body.GetProperty("emailClaim").GetString().ShouldBe("email");
        body.GetProperty("roleClaim").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("teamsClaim").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("provision").GetString().ShouldBe("existing");
        body.GetProperty("passwordLogin").GetBoolean().ShouldBeTrue();
        (await Factory.QueryAsync<string>($"SELECT client_secret_protected FROM business_sso WHERE business_id = '{business.Id}'"))
            .ShouldBe(before);
    }

    [Fact]
    public async Task DeleteTurnsItOff()
    {
        var business = await CreateBusinessAsync("Single", "+15551237004");
        (await PutAsync(business.Id, Settings())).EnsureSuccessStatusCode();
        using var admin = Factory.CreateAdmin();

        (await admin.DeleteAsync($"/api/admin/businesses/{business.Id}/sso")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await admin.GetAsync($"/api/admin/businesses/{business.Id}/sso")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "sso_not_configured");
        await (await admin.DeleteAsync($"/api/admin/businesses/{business.Id}/sso")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "sso_not_configured");
    }

    [Fact]
    public async Task AnUnknownBusinessIsNotFound()
    {
        using var admin = Factory.CreateAdmin();
        var id = Guid.NewGuid();
        await (await admin.GetAsync($"/api/admin/businesses/{id}/sso")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "business_not_found");
        await (await PutAsync(id, Settings())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "business_not_found");
        await (await admin.DeleteAsync($"/api/admin/businesses/{id}/sso")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "business_not_found");
    }

    [Fact]
    public async Task WithoutTheAdminKeyNothingIsReadOrWritten()
    {
        var business = await CreateBusinessAsync("Single", "+15551237005");
        using var anonymous = Factory.CreateClient();
        (await anonymous.GetAsync($"/api/admin/businesses/{business.Id}/sso")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/sso", Settings())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM business_sso")).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{ "clientId": "a", "clientSecret": "b" }""", "issuer")]
    [InlineData("""{ "issuer": "login.example.com", "clientId": "a", "clientSecret": "b" }""", "issuer")]
    [InlineData("""{ "issuer": "http://login.example.com", "clientId": "a", "clientSecret": "b" }""", "issuer")]
    [InlineData("""{ "issuer": "https://login.example.com?x=1", "clientId": "a", "clientSecret": "b" }""", "issuer")]
    [InlineData("""{ "issuer": "ftp://login.example.com", "clientId": "a", "clientSecret": "b" }""", "issuer")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientSecret": "b" }""", "clientId")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a" }""", "clientSecret")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "" }""", "clientSecret")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "b", "provision": "maybe" }""", "provision")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "b", "roleClaim": "g", "roleValues": { "owner": "x" } }""", "roleValues")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "b", "roleClaim": "g", "roleValues": { "admin": "" } }""", "roleValues")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "b", "roleValues": { "admin": "x" } }""", "roleClaim")]
    [InlineData("""{ "issuer": "https://login.example.com", "clientId": "a", "clientSecret": "b", "passwordLogin": "no" }""", "passwordLogin")]
    public async Task BadSettingsAreABadRequestNamingTheFieldAndStoreNothing(string json, string field)
    {
        var business = await CreateBusinessAsync("Single", "+15551237006");

        using var response = await PutJsonAsync(business.Id, json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(n => n.Contains(field, StringComparison.OrdinalIgnoreCase));
        (await Factory.QueryAsync<long>("SELECT count(*) FROM business_sso")).ShouldBe(0);
    }

    [Fact]
    public async Task AProviderOnThisMachineMayUsePlainHttp()
    {
        var business = await CreateBusinessAsync("Single", "+15551237007");
        using var put = await PutAsync(business.Id, new { issuer = "http://127.0.0.1:4011", clientId = "a", clientSecret = "b" });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
