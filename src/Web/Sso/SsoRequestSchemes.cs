using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Recordings.Web.Sso;

/// <summary>
/// The authentication schemes, with the OpenID Connect scheme offered as a request handler only to the requests it
/// may answer: those under <see cref="SsoOptionsCache.Paths"/> (its callback, signed-out callback and front-channel
/// logout). ASP.NET Core's authentication middleware builds and initialises every request-handler scheme's handler on
/// every request only to ask it whether the request is its own; for a recording's range request that was a handler
/// built for nothing, a measurable share of the request (issue 22's benchmark). Every other use of the scheme
/// (challenge, sign-out) is unchanged.
/// </summary>
public sealed class SsoRequestSchemes(IOptions<AuthenticationOptions> options, IHttpContextAccessor http) : AuthenticationSchemeProvider(options)
{
    private static readonly Task<IEnumerable<AuthenticationScheme>> None = Task.FromResult(Enumerable.Empty<AuthenticationScheme>());

    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        http.HttpContext is { } context && !context.Request.Path.StartsWithSegments(SsoOptionsCache.Paths, StringComparison.OrdinalIgnoreCase)
            ? None
            : base.GetRequestHandlerSchemesAsync();
}
