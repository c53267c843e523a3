using System.Net.Http.Json;
using System.Text.Json;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>An account as <c>/api/manage/agents</c> answers it.</summary>
public sealed record AccountBody(Guid Id, string Email, string DisplayName, string Role, Guid[] TeamIds, string[] Identities, bool Disabled);

/// <summary>A team as <c>/api/manage/teams</c> answers it.</summary>
public sealed record TeamBody(Guid Id, string Name, string[] PhoneNumbers, Guid[] SupervisorIds, Guid[] MemberIds);

/// <summary>A business whose first admin, made by the operator, is signed in (<see cref="Admin"/> is the admin's browser).</summary>
public sealed record ManagedBusiness(BusinessResponse Business, Guid AdminId, string AdminEmail, HttpClient Admin) : IDisposable
{
    public Guid Id => Business.Id;

    public void Dispose() => Admin.Dispose();
}

/// <summary>The business's own administration, driven over HTTP as the web client drives it.</summary>
public static class Manage
{
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) ManageTests/1.0";

    public static async Task<ManagedBusiness> BusinessWithAdminAsync(RecordingsApiFactory factory, string name, params string[] phoneNumbers)
    {
        var business = await Seed.CreateBusinessAsync(factory, name, phoneNumbers);
        var email = $"admin@{name.ToLowerInvariant().Replace(' ', '-')}.example";
        using var operatorClient = factory.CreateAdmin();
        using var created = await operatorClient.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/agents",
            new { email, password = Seed.Password, displayName = "Admin of " + name, role = "admin" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return new ManagedBusiness(business, id, email, await LogInAsync(factory, email));
    }

    public static async Task<HttpClient> LogInAsync(RecordingsApiFactory factory, string email, string password = Seed.Password)
    {
        var browser = factory.CreateBrowser();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return browser;
    }

    public static async Task<AccountBody> CreateAccountAsync(
        HttpClient admin, string email, string role = "agent", string? displayName = null, Guid[]? teamIds = null, string[]? identities = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/manage/agents", new
        {
            email, displayName = displayName ?? "Agent " + email, role, teamIds = teamIds ?? [], identities = identities ?? [], password = Seed.Password,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AccountBody>())!;
    }

    public static async Task<TeamBody> CreateTeamAsync(HttpClient admin, string name, string[]? phoneNumbers = null, Guid[]? supervisorIds = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/manage/teams", new { name, phoneNumbers = phoneNumbers ?? [], supervisorIds = supervisorIds ?? [] });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TeamBody>())!;
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object body) =>
        client.PatchAsync(path, JsonContent.Create(body));

    public static async Task<AccountBody[]> AccountsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ItemList<AccountBody>>("/api/manage/agents"))!.Items;

    public static async Task<TeamBody[]> TeamsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ItemList<TeamBody>>("/api/manage/teams"))!.Items;

    /// <summary>The business's audit entries (newest first) that match <paramref name="query"/>, read by its admin.</summary>
    public static async Task<JsonElement[]> AuditAsync(HttpClient admin, string query = "")
    {
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/manage/audit?limit=200&{query}");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public sealed record ItemList<T>(T[] Items);
}
