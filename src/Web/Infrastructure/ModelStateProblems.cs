using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Recordings.Application.Common.Validation;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Turns what MVC's model binding refused (a body that is not JSON, a field of the wrong type, a query value that is not
/// a number) into the contract's 400 <c>validation_failed</c>, naming the field as the client wrote it (<c>email</c>, not
/// <c>$.email</c>) with a plain message: never a CLR type, a parser position or an exception message.
/// </summary>
public static class ModelStateProblems
{
    public static IActionResult Create(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == BindingSource.Body)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var failed = context.ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).ToList();
        var bodyUnreadable = failed.Any(key => key.StartsWith('$'));

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in failed)
        {
            // When the body could not be read, MVC also reports its parameter as "required": that repeats the first error.
            if (bodyUnreadable && bodyParameters.Contains(key))
            {
                continue;
            }

            var (field, message) = Describe(key, context.ModelState[key]!.Errors[0].ErrorMessage);
            errors[field] = [message];
        }

        // A SID that could not be bound (given twice) is a malformed SID, as the contract names it.
        var code = errors.Count > 0 && errors.Keys.All(key => key is "recordingSid" or "callSid") ? SidRules.InvalidSidCode : "validation_failed";
        return Problems.Result(Problems.Validation(code, errors,
            errors.Count == 1 ? errors.Single().Value[0] : "The request is malformed."));
    }

    private static (string Field, string Message) Describe(string key, string error)
    {
        if (key == "$" || key.Length == 0)
        {
            return ("body", "The body is not valid JSON.");
        }

        if (key.StartsWith("$.", StringComparison.Ordinal))
        {
            var field = key[2..];
            return (field, $"'{field}' could not be read: the body is not valid JSON, or this value has the wrong type.");
        }

        if (key.StartsWith("$[", StringComparison.Ordinal))
        {
            return ("body", "The body is not the JSON object this endpoint takes.");
        }

        // The API's own query binding (StrictQueryBinderProvider) says what it expected, naming the field; MVC's
        // messages name CLR types and are not shown.
        return (key, error.StartsWith($"'{key}' ", StringComparison.Ordinal) ? error : $"'{key}' is not valid.");
    }
}
