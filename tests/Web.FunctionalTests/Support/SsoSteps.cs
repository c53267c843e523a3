using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// A browser signing in through a business's identity provider: the app's client (cookies of the app) and the
/// provider's (cookies of the provider), each following only the redirects a browser would, step by step.
/// </summary>
public sealed partial class SsoBrowser : IDisposable
{
    public SsoBrowser(RecordingsApiFactory factory)
    {
        AppCookies = new CookieContainer();
        App = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = AppCookies })
        {
            BaseAddress = factory.BaseAddress,
        };
    }

    /// <summary>The app's cookies in this browser.</summary>
    public CookieContainer AppCookies { get; }

    public HttpClient App { get; }

    public HttpClient Provider { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(),
    });

    /// <summary>Starts at <c>/api/auth/sso?...</c>; answers the provider's authorization URL the app redirected to.</summary>
    public async Task<Uri> StartAsync(string query)
    {
        using var start = await App.GetAsync("/api/auth/sso?" + query);
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect, await start.Content.ReadAsStringAsync());
        return start.Headers.Location!;
    }

    /// <summary>
    /// Logs in at the provider (its login form) from the authorization URL; answers the callback URL the provider sends
    /// the browser back to (not yet followed).
    /// </summary>
    public async Task<Uri> LogInAtProviderAsync(Uri authorize, string email, string password)
    {
        var next = authorize;
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await Provider.GetAsync(next);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var page = await response.Content.ReadAsStringAsync();
                var action = FormAction().Match(page);
                action.Success.ShouldBeTrue(page);
                using var form = await Provider.PostAsync(new Uri(next, action.Groups[1].Value),
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = password }));
                ((int)form.StatusCode).ShouldBeInRange(300, 399, await form.Content.ReadAsStringAsync());
                next = new Uri(next, form.Headers.Location!);
                continue;
            }
            ((int)response.StatusCode).ShouldBeInRange(300, 399, await response.Content.ReadAsStringAsync());
            var location = new Uri(next, response.Headers.Location!);
            if (location.AbsolutePath == "/api/auth/sso/callback")
            {
                return location;
            }
            next = location;
        }
        throw new InvalidOperationException("The provider did not send the browser back.");
    }

    /// <summary>Follows the provider's redirect back to the app; answers where the app sent the browser.</summary>
    public async Task<string> CallbackAsync(Uri callback)
    {
        using var response = await App.GetAsync(callback.PathAndQuery);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The whole sign-in: answers where the app sent the browser at the end.</summary>
    public async Task<string> SignInAsync(string email, string password, string? query = null) =>
        await CallbackAsync(await LogInAtProviderAsync(await StartAsync(query ?? "email=" + Uri.EscapeDataString(email)), email, password));

    public async Task<HttpStatusCode> MeAsync()
    {
        using var me = await App.GetAsync("/api/auth/me");
        return me.StatusCode;
    }

    public async Task<System.Text.Json.JsonElement> MeBodyAsync() =>
        await App.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    public void Dispose()
    {
        App.Dispose();
        Provider.Dispose();
    }
}
