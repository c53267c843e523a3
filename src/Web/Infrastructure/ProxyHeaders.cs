using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Behind a TLS-terminating proxy or load balancer (<c>ForwardedHeaders:Enabled</c>): the scheme and host the browser
/// used come from <c>X-Forwarded-Proto</c> / <c>X-Forwarded-Host</c>, so the session cookie is <c>Secure</c> and the
/// same-origin check compares against the public origin. Only the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> (IP addresses; loopback by default) are believed.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
