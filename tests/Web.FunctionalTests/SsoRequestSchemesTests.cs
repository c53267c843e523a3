using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Recordings.Web.Sso;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The OpenID Connect scheme is asked whether a request is its own only under its paths; every other request (a
/// recording's range read) skips building its handler. That sign-in, its callback and logout still work through it is
/// <see cref="SsoSignInTests"/>' and <see cref="SsoLogoutTests"/>' (a real identity provider).
/// </summary>
public sealed class SsoRequestSchemesTests
{
    private readonly HttpContextAccessor _http = new();
    private readonly SsoRequestSchemes _schemes;

    public SsoRequestSchemesTests()
    {
        var options = new AuthenticationOptions();
        options.AddScheme<CookieAuthenticationHandler>(CookieAuthenticationDefaults.AuthenticationScheme, null);
        options.AddScheme<OpenIdConnectHandler>(SsoOptionsCache.Scheme, null);
        _schemes = new SsoRequestSchemes(Options.Create(options), _http);
    }

    private async Task<string[]> RequestHandlersFor(string path)
    {
        _http.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        return (await _schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name).ToArray();
    }

    [Theory]
    [InlineData("/api/recordings/file/CA0123456789abcdef0123456789abcdef")]
    [InlineData("/api/calls")]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/ssox/callback")]
    [InlineData("/calls/CA0123456789abcdef0123456789abcdef")]
    public async Task ARequestOutsideTheSsoPathsAsksNoSchemeWhetherItIsItsOwn(string path) =>
        (await RequestHandlersFor(path)).ShouldBeEmpty();

    [Theory]
    [InlineData(SsoOptionsCache.CallbackPath)]
    [InlineData("/api/auth/sso/signed-out")]
    [InlineData("/API/Auth/SSO/front-channel-logout")]
    [InlineData("/api/auth/sso")]
    public async Task ARequestUnderTheSsoPathsAsksTheOpenIdConnectScheme(string path) =>
        (await RequestHandlersFor(path)).ShouldBe([SsoOptionsCache.Scheme]);

    [Fact]
    public async Task WithoutARequestEveryRequestHandlerSchemeIsListed()
    {
        _http.HttpContext = null;
        (await _schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name).ShouldBe([SsoOptionsCache.Scheme]);
        (await _schemes.GetAllSchemesAsync()).Count().ShouldBe(2);
    }
}
