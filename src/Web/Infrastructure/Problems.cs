using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Recordings.Web.Infrastructure;

/// <summary>Builds the RFC 9457 problem documents of the contract: type, title, status, detail and a stable code.</summary>
public static class Problems
{
    public const string CodeKey = "code";

    public static ProblemDetails Create(int status, string code, string detail, string? title = null) => new()
    {
        Status = status,
        Title = title ?? DefaultTitle(status),
        Detail = detail,
        Type = $"https://httpstatuses.io/{status}",
        Extensions = { [CodeKey] = code },
    };

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Create(status, code, detail),
        });
    }

    public static string DefaultCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status406NotAcceptable => "not_acceptable",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "too_many_requests",
        >= 500 => "internal_error",
        _ => "error",
    };

    /// <summary>HTTP's reason phrase of the status ("Gone", "Too Many Requests"...), the title RFC 9457 suggests.</summary>
    private static string DefaultTitle(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
