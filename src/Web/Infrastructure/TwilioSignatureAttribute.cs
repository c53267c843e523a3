using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Twilio webhooks: the request must be a form signed with <c>X-Twilio-Signature</c> by our auth token, for our account.
/// Anything else is refused with 403 before the action runs, so nothing is stored.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class TwilioSignatureAttribute : Attribute, IAsyncResourceFilter
{
    public const string HeaderName = "X-Twilio-Signature";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!request.HasFormContentType)
        {
            context.Result = Refuse(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Twilio webhooks are application/x-www-form-urlencoded.");
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<TwilioOptions>>().Value;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // Not a form Twilio would send (e.g. NUL characters, too many fields). The parser's own words name its
            // limits: they are not the client's business.
            context.Result = Refuse(StatusCodes.Status400BadRequest, "invalid_webhook",
                "The form could not be read (Twilio sends a plain form of a few dozen short fields).");
            return;
        }

        var parameters = form.SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? string.Empty)));
        var url = SignedUrl(request, options.WebhookBaseUrl);
        var signature = request.Headers[HeaderName].ToString();

        var valid = TwilioRequestValidator.IsValid(options.AuthToken, url, parameters, signature)
            && string.Equals(form["AccountSid"].ToString(), options.AccountSid, StringComparison.Ordinal);
        if (!valid)
        {
            // The path and a hash of the URL that was checked (to compare with the URL Twilio was given), never the URL
            // itself: its host and query are the client's to make as long as it likes.
            http.RequestServices.GetRequiredService<RefusedWebhookLog>().Refused(request.Path,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))[..16]);
            context.Result = Refuse(StatusCodes.Status403Forbidden, "invalid_signature",
                "The request is not signed by Twilio for this account.");
            return;
        }

        await next();
    }

    /// <summary>The URL Twilio signed: the configured public base URL, or the URL as the client called it.</summary>
    public static string SignedUrl(HttpRequest request, string? webhookBaseUrl) =>
        string.IsNullOrEmpty(webhookBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}"
            : $"{webhookBaseUrl.TrimEnd('/')}{request.PathBase}{request.Path}{request.QueryString}";

    private static IActionResult Refuse(int status, string code, string detail) =>
        Problems.Result(status, code, detail);
}
