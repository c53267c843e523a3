using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The problem details writer of last resort: ASP.NET Core's own writer declines a request whose <c>Accept</c> names no
/// JSON type (<c>text/html</c>, <c>audio/mpeg</c>), which left such a request's rejection without its document (a
/// plain-text status, or, through the exception handler, an "unhandled exception" in the log). An API's error is a
/// problem document whatever the client said it accepts (RFC 9110 lets a server answer an error in a type the client did
/// not ask for), so this one writes it: the same customization (<c>traceId</c>, <c>code</c>) and
/// <c>application/problem+json</c>. Registered after the framework's writer, it only writes what that one declines.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= Problems.DefaultTitle(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), Json, "application/problem+json"));
    }
}
