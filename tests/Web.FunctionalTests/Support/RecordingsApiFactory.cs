using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recordings.Testing;
using Respawn;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// The real app on Kestrel (real HTTP on loopback) over a real PostgreSQL database of its own. Data is wiped between
/// tests with Respawn.
/// </summary>
public class RecordingsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string AdminKey = "test-admin-key";

    private Respawner? _respawner;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Where Kestrel listens (a free loopback port).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    protected virtual string? AdminApiKey => AdminKey;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_web"));
        UseKestrel(0);
        StartServer();
        using (var probe = CreateClient())
        {
            BaseAddress = probe.BaseAddress!;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
    }

    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }

    /// <summary>A client that keeps cookies (an agent's browser) and does not follow redirects.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, HandleCookies = true, AllowAutoRedirect = false });

    public HttpClient CreateAdmin()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return client;
    }

    public async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Recordings", ConnectionString);
        builder.UseSetting("Twilio:AccountSid", AccountSid);
        builder.UseSetting("Twilio:AuthToken", AuthToken);
        builder.UseSetting("Admin:ApiKey", AdminApiKey ?? string.Empty);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        ConfigureTestServices(builder);
    }

    protected virtual void ConfigureTestServices(IWebHostBuilder builder)
    {
    }
}

/// <summary>All API tests share one app and one database, so they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<RecordingsApiFactory>
{
    public const string Name = "api";
}

/// <summary>Base for API tests: starts each test on an empty database.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(RecordingsApiFactory factory) : IAsyncLifetime
{
    protected RecordingsApiFactory Factory { get; } = factory;

    protected TwilioWebhookClient Twilio => new(Factory.CreateClient(), RecordingsApiFactory.AuthToken);

    public Task InitializeAsync() => Factory.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected Task<BusinessResponse> CreateBusinessAsync(string name, params string[] phoneNumbers) =>
        Seed.CreateBusinessAsync(Factory, name, phoneNumbers);

    protected Task CreateAgentAsync(Guid businessId, string email, string password = Seed.Password) =>
        Seed.CreateAgentAsync(Factory, businessId, email, password);

    /// <summary>A business with one agent, logged in: the agent's browser.</summary>
    protected Task<(BusinessResponse Business, HttpClient Browser)> AgentOfNewBusinessAsync(string name, params string[] phoneNumbers) =>
        Seed.AgentOfNewBusinessAsync(Factory, name, phoneNumbers);

    protected static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    protected static string NewRecordingSid() => "RE" + Guid.NewGuid().ToString("N");

}

public sealed record BusinessResponse(Guid Id, string Name, string[] PhoneNumbers);

/// <summary>Data set up through the admin API, as an operator would.</summary>
public static class Seed
{
    public const string Password = "correct horse battery";

    public static async Task<BusinessResponse> CreateBusinessAsync(RecordingsApiFactory factory, string name, params string[] phoneNumbers)
    {
        using var admin = factory.CreateAdmin();
        var response = await admin.PostAsJsonAsync("/api/admin/businesses", new { name, phoneNumbers });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BusinessResponse>())!;
    }

    public static async Task CreateAgentAsync(RecordingsApiFactory factory, Guid businessId, string email, string password = Password)
    {
        using var admin = factory.CreateAdmin();
        var response = await admin.PostAsJsonAsync($"/api/admin/businesses/{businessId}/agents",
            new { email, password, displayName = "Agent " + email });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<(BusinessResponse Business, HttpClient Browser)> AgentOfNewBusinessAsync(
        RecordingsApiFactory factory, string name, params string[] phoneNumbers)
    {
        var business = await CreateBusinessAsync(factory, name, phoneNumbers);
        var email = $"agent@{name.ToLowerInvariant().Replace(' ', '-')}.example";
        await CreateAgentAsync(factory, business.Id, email);
        var browser = factory.CreateBrowser();
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        return (business, browser);
    }
}
