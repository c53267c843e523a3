using Recordings.Demo.Twilio;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recordings.Testing;
using Respawn;
using Serilog.Core;

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

    /// <summary>The app's warnings and errors.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Between the app and the identity provider's token endpoint (the hostile single sign-on tests).</summary>
    public SsoTokenTamper SsoTokens { get; } = new();

    /// <summary>Twilio's media host, simulated on loopback; recordings of the tests live there.</summary>
    public SimulatedTwilio Twilio { get; private set; } = null!;

    /// <summary>Where the app stores recordings (a directory of its own, removed at the end).</summary>
    public string StoragePath { get; private set; } = string.Empty;

    /// <summary>The Quartz instance id; a restarted app with the same id recovers its own interrupted jobs at once.</summary>
    protected virtual string QuartzInstanceId => "functional-tests";

    /// <summary>Where Kestrel listens (a free loopback port).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    protected virtual string? AdminApiKey => AdminKey;

    /// <summary>The speech engines: off for most tests (no ffmpeg runs behind them); the pipeline tests turn them on.</summary>
    protected virtual string TranscriptionProvider => "none";

    protected virtual string SummarizationProvider => "none";

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            ConnectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_web"));
        }

        Twilio ??= await SimulatedTwilio.StartAsync(AccountSid, AuthToken);
        if (StoragePath.Length == 0)
        {
            StoragePath = Directory.CreateTempSubdirectory("recordings-web-").FullName;
        }

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
            // Quartz's tables stay: its lock rows and scheduler state belong to the running app; so do the Data
            // Protection keys it has cached (a second node started later must read the same key).
            // The audit trail is append-only (a trigger refuses DELETE): each test reads its own business's entries.
            TablesToIgnore = ["__EFMigrationsHistory", "data_protection_keys", "audit_entries", .. await QuartzTablesAsync(connection)],
        });
    }

    public async Task ResetAsync()
    {
        SsoTokens.Reset();
        // Each test reads what was logged since it began. Kept for the collection's whole run, one test's error (a
        // retention test logs one on purpose; an earlier test's background job may log one) failed every later test
        // that checks that nothing was logged as an error: 20 single sign-on tests in one CI run.
        Logs.Clear();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _respawner!.ResetAsync(connection);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                // A job of the previous test still held a call's row lock and went on to its recordings while these
                // were emptied (children first): PostgreSQL broke the cycle by failing this reset, which starts over.
            }
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase)
        {
            await Twilio.DisposeAsync();
            await TestDatabase.DropAsync(ConnectionString);
            Directory.Delete(StoragePath, recursive: true);
        }
    }

    /// <summary>Whether this app's database, storage and Twilio end with it (false to hand them to a restarted app).</summary>
    public bool OwnsDatabase { get; set; } = true;

    /// <summary>Starts this app on the database, storage and Twilio of another (to test a restart); call before InitializeAsync.</summary>
    public void TakeOver(RecordingsApiFactory previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ConnectionString = previous.ConnectionString;
        StoragePath = previous.StoragePath;
        Twilio = previous.Twilio;
    }

    private static async Task<Respawn.Graph.Table[]> QuartzTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<Respawn.Graph.Table>();
        while (await reader.ReadAsync())
        {
            tables.Add(new Respawn.Graph.Table(reader.GetString(0)));
        }

        return [.. tables];
    }

    /// <summary>A client that keeps cookies (an agent's browser) and does not follow redirects.</summary>
    /// <summary>
    /// A browser-like client that keeps cookies and shows redirects instead of following them. Built on its own handler:
    /// on Kestrel, <c>CreateClient</c>'s inner handler follows redirects whatever <c>AllowAutoRedirect</c> says.
    /// </summary>
    public HttpClient CreateBrowser() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    public HttpClient CreateAdmin()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
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

    /// <summary>
    /// Waits until no job of the call is left (the steps after a download heal a recording they find without a job
    /// too: a test of the heal sweep lets them finish first, so that only the sweep is left to do it).
    /// </summary>
    public Task JobsOfCallEndedAsync(string callSid) =>
        Eventually.TrueAsync(async () => await QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE '%{callSid}%'") == 0,
            "the jobs of the call to finish");

    /// <summary>Runs the heal sweep once (as its schedule would); returns how many jobs it made sure of.</summary>
    public async Task<int> HealAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(
            new Recordings.Application.Recordings.Commands.HealPendingDownloads.HealPendingDownloadsCommand());
    }

    /// <summary>The settings every app of the tests runs with (in-process here, or in a process of its own).</summary>
    public Dictionary<string, string> AppSettings(string quartzInstanceId) => new()
    {
        ["ConnectionStrings:Recordings"] = ConnectionString,
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Admin:ApiKey"] = AdminApiKey ?? string.Empty,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // One line per request, so that a test can wait until the app is done with a request whose client hung up.
        ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
        // Refused single sign-ons are logged at Information: the tests check that they are, and never as errors.
        ["Serilog:MinimumLevel:Override:Recordings.Web.Sso"] = "Information",
        // An expired ID token is refused at once (the provider and the app share this machine's clock).
        ["Sso:ClockSkew"] = "00:00:00",
        // A key the app does not know yet (the provider rotated) is fetched at once, not once in 30 seconds.
        ["Sso:ConfigurationRefreshInterval"] = "00:00:01",
        ["Twilio:MediaOrigins:0"] = "https://api.twilio.com",
        ["Twilio:MediaOrigins:1"] = Twilio.BaseUrl,
        ["Twilio:ApiBaseUrl"] = Twilio.BaseUrl,
        // The contract's backoff starts at 1 to 3 seconds; the policy itself is tested with fake time elsewhere.
        ["Twilio:RetryBaseDelay"] = "00:00:00.010",
        ["Recordings:StoragePath"] = StoragePath,
        ["Quartz:InstanceId"] = quartzInstanceId,
        // A failing pipeline step is retried once, soon, instead of over minutes.
        ["Quartz:DownloadMaxAttempts"] = "2",
        ["Quartz:DownloadRetryDelay"] = "00:00:00.200",
        ["Transcription:Provider"] = TranscriptionProvider,
        ["Summarization:Provider"] = SummarizationProvider,
        // The suite logs in hundreds of times from one address; the login rate limit has tests of its own.
        ["Auth:LoginRateLimit:Burst"] = "1000000",
        // Every refused webhook is a warning here (the tests look for it); the once-a-minute bound has tests of its own.
        ["Twilio:RefusedWebhookWarningInterval"] = "00:00:00",
        // The sweep that heals lost download jobs is run by the tests that need it, when they need it.
        ["Recordings:HealInterval"] = "00:00:00",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in AppSettings(QuartzInstanceId))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddHttpClient(Recordings.Web.Sso.SsoOptionsCache.HttpClientName).AddHttpMessageHandler(SsoTokens.Handler);
        });
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
