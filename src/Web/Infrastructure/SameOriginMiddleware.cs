namespace Recordings.Web.Infrastructure;

/// <summary>
/// Cross-site request forgery guard for the cookie session: a state-changing request to the agents' API (and the business's own administration, /api/manage) whose Origin
/// header is present and is not this app's own origin is refused with 403. Webhooks and the admin API carry their own
/// credentials and are not checked.
/// </summary>
public sealed class SameOriginMiddleware(RequestDelegate next)
{
    private static readonly PathString[] Guarded = ["/api/auth", "/api/calls", "/api/recordings", "/api/manage"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && Guarded.Any(p => request.Path.StartsWithSegments(p))
            // The provider's back-channel logout carries its own credential (a signed logout token), like a webhook.
            && !request.Path.StartsWithSegments(Sso.SsoOptionsCache.BackchannelLogoutPath)
            && request.Headers.Origin is { Count: > 0 } origin
            && !string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "cross_origin_request",
                "Requests from another site are not accepted.");
            return;
        }

        await next(context);
    }
}
