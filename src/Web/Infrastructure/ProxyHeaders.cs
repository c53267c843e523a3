using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Behind a TLS-terminating proxy or load balancer (<c>ForwardedHeaders:Enabled</c>): the scheme and host the browser
/// used come from <c>X-Forwarded-Proto</c> / <c>X-Forwarded-Host</c>, so the session cookie is <c>Secure</c> and the
/// same-origin check compares against the public origin. Only the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> (IP addresses) are believed; when none are listed, a proxy on loopback (the
/// same machine) is. A list replaces loopback rather than adding to it: otherwise any program on the app's machine could
/// forge its client address (around the login limit, into the audit trail). List 127.0.0.1 too if a local proxy is one.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (proxies.Length > 0)
            {
                // ASP.NET Core's defaults trust loopback; the operator's list is the whole list.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

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
