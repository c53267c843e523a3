using System.Diagnostics;
using System.Net.Http.Json;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// The real OpenID Provider of the tests: <c>oidc-provider</c> run by scripts/idp/idp.mjs. <c>./test.sh</c> starts it and
/// exports <c>RECORDINGS_TEST_IDP</c>; without that variable the tests start the script themselves (it needs
/// scripts/idp/node_modules: <c>npm ci --prefix scripts/idp</c>). A test that needs it fails when it cannot be had.
/// Every instance is a provider of its own (its own issuer and keys): two make two businesses' different providers.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly TestIdentityProvider?[] Slots = new TestIdentityProvider?[2];

    private readonly Process? _process;

    private TestIdentityProvider(string issuer, Process? process)
    {
        Issuer = issuer;
        _process = process;
        Admin = new HttpClient { BaseAddress = new Uri(issuer) };
    }

    public string Issuer { get; }

    private HttpClient Admin { get; }

    /// <summary>The provider of the run: ./test.sh's (<c>RECORDINGS_TEST_IDP</c>), or one this test run starts.</summary>
    public static Task<TestIdentityProvider> SharedAsync() => OneAsync(0, useEnvironment: true);

    /// <summary>A second provider (another issuer, other keys), started by this test run.</summary>
    public static Task<TestIdentityProvider> SecondAsync() => OneAsync(1, useEnvironment: false);

    private static async Task<TestIdentityProvider> OneAsync(int slot, bool useEnvironment)
    {
        await Gate.WaitAsync();
        try
        {
            if (Slots[slot] is null)
            {
                var fromEnvironment = useEnvironment ? Environment.GetEnvironmentVariable("RECORDINGS_TEST_IDP") : null;
                Slots[slot] = string.IsNullOrEmpty(fromEnvironment) ? await StartAsync() : new TestIdentityProvider(fromEnvironment.TrimEnd('/'), null);
            }
            return Slots[slot]!;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestIdentityProvider> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "idp", "idp.mjs");
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException(
                "The test identity provider is not installed: run ./test.sh, or `npm ci --prefix scripts/idp` (oidc-provider from npm).");
        }
        var info = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["IDP_PORT"] = "0";
        info.Environment["IDP_EXIT_WITH_PARENT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("IDP_READY ", StringComparison.Ordinal))
            {
                var provider = new TestIdentityProvider(line["IDP_READY ".Length..].Trim(), process);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => provider.Kill();
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
                return provider;
            }
        }
        throw new InvalidOperationException("The test identity provider did not start (no IDP_READY line).");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recordings.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Recordings.sln) was not found.");
    }

    /// <summary>Registers (or replaces) a client of the app at this provider.</summary>
    public async Task AddClientAsync(string clientId, string clientSecret, Uri app, int? idTokenSeconds = null)
    {
        using var response = await Admin.PostAsJsonAsync("/_test/clients", new Dictionary<string, object?>
        {
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["redirect_uris"] = new[] { new Uri(app, "/api/auth/sso/callback").ToString() },
            ["post_logout_redirect_uris"] = new[] { new Uri(app, "/login").ToString() },
            // Node resolves localhost to ::1 first; the app listens on 127.0.0.1.
            ["backchannel_logout_uri"] = new UriBuilder(new Uri(app, "/api/auth/sso/backchannel-logout")) { Host = "127.0.0.1" }.Uri.ToString(),
            ["backchannel_logout_session_required"] = true,
            ["id_token_ttl"] = idTokenSeconds,
        });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Adds (or replaces) a user of the provider.</summary>
    public async Task AddUserAsync(string email, string password, string? name = null, string[]? groups = null, string[]? teams = null,
        bool emailVerified = true)
    {
        using var response = await Admin.PostAsJsonAsync("/_test/users", new
        {
            email, password, name, groups = groups ?? [], teams = teams ?? [], email_verified = emailVerified,
        });
        response.EnsureSuccessStatusCode();
    }

    public async Task RotateKeysAsync() => (await Admin.PostAsync("/_test/rotate-keys", null)).EnsureSuccessStatusCode();

    /// <summary>Ends the user's sessions at the provider, which sends back-channel logout tokens to the clients.</summary>
    public async Task BackchannelLogoutAsync(string email)
    {
        using var response = await Admin.PostAsJsonAsync("/_test/backchannel-logout", new { email });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Admin.Dispose();
        return ValueTask.CompletedTask;
    }
}
