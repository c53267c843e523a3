using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The one error path of the API: every problem document (RFC 9457: type, title, status, detail and a stable
/// <c>code</c>) is written by ASP.NET Core's <see cref="IProblemDetailsService"/> (with <see cref="ProblemJsonWriter"/>
/// for an <c>Accept</c> the framework's writer declines), whose customization (<see cref="ProblemDetailsCustomization"/>)
/// adds the request's <c>traceId</c>. Middleware and the cookie events call
/// <see cref="WriteAsync(HttpContext, ProblemDetails)"/>; filters and actions return <see cref="Result"/>; exceptions
/// reach it through <see cref="ProblemExceptionHandler"/>. Nothing writes a problem document another way.
/// </summary>
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

    /// <summary>A 400 <c>code</c> with the errors by field (the field as the client wrote it).</summary>
    public static ProblemDetails Validation(string code, IReadOnlyDictionary<string, string[]> errors, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = Create(StatusCodes.Status400BadRequest, code,
            detail ?? (errors.Count == 1 && errors.Single().Value.Length == 1 ? errors.Single().Value[0] : string.Join(" ", errors.SelectMany(e => e.Value))));
        problem.Extensions["errors"] = errors;
        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail) =>
        WriteAsync(context, Create(status, code, detail));

    /// <summary>Writes the problem as the answer (its status set), through the problem details service.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>The problem as an MVC result, for filters and actions (written by <see cref="WriteAsync(HttpContext, ProblemDetails)"/>).</summary>
    public static IActionResult Result(ProblemDetails problem) => new ProblemResult(problem);

    public static IActionResult Result(int status, string code, string detail) => new ProblemResult(Create(status, code, detail));

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
    internal static string DefaultTitle(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private sealed class ProblemResult(ProblemDetails problem) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return WriteAsync(context.HttpContext, problem);
        }
    }
}
