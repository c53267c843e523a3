using Recordings.Infrastructure.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Common.Exceptions;
using Recordings.Domain.Common;

namespace Recordings.Web.Infrastructure;

/// <summary>The one place where exceptions become problem documents. Unexpected ones are logged; none leaks internals.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException e => Validation(e),
            SsoRequiredException e => SsoRequired(e),
            NotFoundException e => Problems.Create(StatusCodes.Status404NotFound, e.Code, e.Message),
            ConflictException e => Problems.Create(StatusCodes.Status409Conflict, e.Code, e.Message),
            GoneException e => Problems.Create(StatusCodes.Status410Gone, e.Code, e.Message),
            UnauthorizedException e => Problems.Create(StatusCodes.Status401Unauthorized, e.Code, e.Message),
            ForbiddenException e => Problems.Create(StatusCodes.Status403Forbidden, e.Code, e.Message),
            DomainRuleException e => Problems.Create(StatusCodes.Status422UnprocessableEntity, e.Code, e.Message),
            BadHttpRequestException e => Problems.Create(e.StatusCode, Problems.DefaultCode(e.StatusCode), "The request could not be read."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null && exception is RecordingStorageException && !httpContext.RequestAborted.IsCancellationRequested)
        {
            // A dependency, not a bug: logged (operators must hear of it), and answered as unavailable for a moment.
            LogStorageUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = StorageRetryAfterSeconds;
            problem = Problems.Create(StatusCodes.Status503ServiceUnavailable, StorageUnavailableCode,
                "The recording storage is not answering. Please try again in a few minutes.");
        }

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nobody is left to answer.
                return true;
            }

            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problems.Create(StatusCodes.Status500InternalServerError, "internal_error",
                "Something went wrong on our side. It has been logged; please try again.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails SsoRequired(SsoRequiredException e)
    {
        var problem = Problems.Create(StatusCodes.Status401Unauthorized, e.Code, e.Message);
        problem.Extensions["ssoUrl"] = e.SsoUrl;
        return problem;
    }

    private static ProblemDetails Validation(RequestValidationException e) =>
        Problems.Validation(e.Code, e.Errors, string.Join(" ", e.Errors.SelectMany(kv => kv.Value)));

    [LoggerMessage(Level = LogLevel.Error, Message = "The recording storage failed while answering {Method} {Path}")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string method, string path);

    public const string StorageUnavailableCode = "storage_unavailable";

    private const string StorageRetryAfterSeconds = "30";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}

/// <summary>Every problem document gets the request's trace id and, when it has none, a code derived from its status.</summary>
internal static class ProblemDetailsCustomization
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd(Problems.CodeKey, Problems.DefaultCode(status));
        problem.Extensions["traceId"] = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier;
        problem.Type ??= $"https://httpstatuses.io/{status}";
        problem.Detail ??= problem.Title;
        problem.Instance = null;
    }
}
