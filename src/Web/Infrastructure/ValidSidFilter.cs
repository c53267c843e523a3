using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Recordings.Domain.Common;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// A route SID (or a <c>recordingSid</c> in the query) that does not match its pattern is a 400 <c>invalid_sid</c>,
/// before any storage or database access.
/// </summary>
public sealed class ValidSidFilter : IActionFilter
{
    /// <summary>Before MVC's model-state filter (-2000): a SID given twice is an <c>invalid_sid</c>, as the contract says.</summary>
    public const int FilterOrder = -3000;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RouteData.Values.TryGetValue("callSid", out var value) && !Sid.IsCallSid(value as string))
        {
            Refuse(context, "A call SID is CA followed by 32 hexadecimal digits.");
        }
        else if (context.ActionDescriptor.Parameters.Any(p => p.Name == "recordingSid")
            && context.HttpContext.Request.Query.TryGetValue("recordingSid", out var recordingSid)
            && (recordingSid.Count != 1 || !Sid.IsRecordingSid(recordingSid[0])))
        {
            Refuse(context, "A recording SID is RE followed by 32 hexadecimal digits (one recordingSid at most).");
        }
    }

    private static void Refuse(ActionExecutingContext context, string detail)
    {
        context.Result = Problems.Result(StatusCodes.Status400BadRequest, "invalid_sid", detail);
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
