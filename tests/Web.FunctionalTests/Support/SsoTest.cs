using System.Net.Http.Json;
using System.Text.Json;
using Serilog.Events;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>Base of the single sign-on tests: businesses configured for a client of the real provider.</summary>
public abstract class SsoTest(RecordingsApiFactory factory) : ApiTest(factory)
{
    protected const string UserPassword = "provider-password";

    /// <summary>A business whose single sign-on is a new client of <paramref name="provider"/>; answers the business and its email domain.</summary>
    protected async Task<(BusinessResponse Business, string Domain)> BusinessWithSsoAsync(
        TestIdentityProvider provider, string provision = "existing", bool passwordLogin = true, int? idTokenSeconds = null,
        object? extra = null)
    {
        var business = await CreateBusinessAsync("SSO " + Guid.NewGuid().ToString("N")[..6], NewNumber());
        var clientId = "app-" + Guid.NewGuid().ToString("N");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        await provider.AddClientAsync(clientId, secret, Factory.BaseAddress, idTokenSeconds);
        var settings = new Dictionary<string, object?>
        {
            ["issuer"] = provider.Issuer, ["clientId"] = clientId, ["clientSecret"] = secret, ["provision"] = provision,
            ["passwordLogin"] = passwordLogin,
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                settings[property.Name] = property.Value;
            }
        }
        using var admin = Factory.CreateAdmin();
        (await admin.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/sso", settings)).EnsureSuccessStatusCode();
        return (business, Guid.NewGuid().ToString("N")[..10] + ".example.com");
    }

    protected static string NewNumber() => "+1555" + Random.Shared.Next(1_000_000, 9_999_999);

    protected async Task<long> SessionsAsync() => await Factory.QueryAsync<long>("SELECT count(*) FROM agent_sessions");

    protected void RefusalWasLoggedAtInformation(string code, string? reason = null)
    {
        var refusals = Factory.Logs.All().Where(e => e.MessageTemplate.Text.StartsWith("Single sign-on of business", StringComparison.Ordinal)
            && e.RenderMessage(null).Contains(code, StringComparison.Ordinal)).ToList();
        refusals.ShouldNotBeEmpty($"a refusal {code} logged");
        if (reason is not null)
        {
            refusals.ShouldContain(e => e.RenderMessage(null).Contains(reason, StringComparison.Ordinal),
                string.Join("\n", refusals.Select(e => e.RenderMessage(null))));
        }
        refusals.ShouldAllBe(e => e.Level == LogEventLevel.Information);
        var errors = Factory.Logs.All().Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage(null) + " " + e.Exception).ToList();
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }
}
