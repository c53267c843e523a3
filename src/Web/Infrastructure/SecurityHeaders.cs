using Microsoft.Extensions.Options;
using Recordings.Infrastructure.Storage;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The protective headers, set once for every answer (pages, files, API, errors):
/// <list type="bullet">
/// <item>the web client's pages get a Content-Security-Policy that allows only the app's own scripts, styles, audio and
/// API (no inline script, no framing), and the API's answers a policy that allows nothing at all;</item>
/// <item><c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> (a call's URL names its call SID)
/// and <c>X-Frame-Options: DENY</c> for browsers that predate <c>frame-ancestors</c>;</item>
/// <item><c>Cache-Control: no-store</c> on every API answer that did not choose its own (calls, transcripts and the
/// agent are personal data; the audio says <c>private</c> itself).</item>
/// </list>
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<StorageOptions> storage, IOptions<S3StorageOptions> s3)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // With Delivery = redirect, the audio element follows the app's 307 to the object store: its origin may serve media.
    private readonly string _pagePolicy = storage.Value.Redirects
        ? PagePolicy.Replace("media-src 'self'", $"media-src 'self' {s3.Value.PublicOrigin}", StringComparison.Ordinal)
        : PagePolicy;

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (self, http) = ((SecurityHeaders, HttpContext))state;
            var headers = http.Response.Headers;
            var isApi = http.Request.Path.StartsWithSegments("/api");
            headers.ContentSecurityPolicy = isApi ? ApiPolicy : self._pagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (isApi && headers.CacheControl.Count == 0)
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, (this, context));
        return next(context);
    }
}
