using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Recordings.Domain.Common;

namespace Recordings.Web.Infrastructure;

/// <summary>A route SID that does not match its pattern is a 400 <c>invalid_sid</c>, before any storage or database access.</summary>
public sealed class ValidSidFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.RouteData.Values.TryGetValue("callSid", out var value) && !Sid.IsCallSid(value as string))
        {
            var problem = Problems.Create(StatusCodes.Status400BadRequest, "invalid_sid",
                "A call SID is CA followed by 32 hexadecimal digits.");
            context.Result = new ObjectResult(problem) { StatusCode = StatusCodes.Status400BadRequest, ContentTypes = { "application/problem+json" } };
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
