using Microsoft.Extensions.FileProviders;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Serves the agents' web client (client/, built by Vite) from the same origin as the API, so the session cookie just
/// works: its files, and index.html for the client's own routes (<c>/calls/CA…</c>). <c>/api</c>, <c>/health</c> and
/// <c>/openapi</c> are never answered with the client: an unknown API path stays a 404 problem document.
/// </summary>
public static class ClientApp
{
    public const string SectionKey = "Client:Path";

    /// <summary>
    /// Where the built client is: <c>Client:Path</c> when set (run.sh points it at client/dist), else the app's
    /// wwwroot (where <c>dotnet publish</c> puts it). Null when there is no index.html there: the API runs alone.
    /// </summary>
    public static string? Locate(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var configured = configuration[SectionKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? environment.WebRootPath
            : Path.GetFullPath(configured, environment.ContentRootPath);
        return path is not null && File.Exists(Path.Combine(path, "index.html")) ? path : null;
    }

    public static WebApplication UseClientApp(this WebApplication app)
    {
        var root = Locate(app.Configuration, app.Environment);
        if (root is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });

        // The client's own routes (/calls/CA…) are index.html. This is a middleware, not a fallback endpoint: routing
        // has already run, so a path that matched an API endpoint with another method keeps its 405, and an unknown
        // /api, /health or /openapi path, or a missing file (it has an extension), stays a 404.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is null && IsClientRoute(context.Request))
            {
                context.Request.Path = "/index.html";
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite's assets carry a content hash in their names; index.html must be revalidated to pick them up.
                var isAsset = context.File.Name != "index.html";
                context.Context.Response.Headers.CacheControl = isAsset ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    private static readonly PathString[] ServerPaths = ["/api", "/health", "/openapi"];

    private static bool IsClientRoute(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !ServerPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && !Path.HasExtension(request.Path.Value);
}
