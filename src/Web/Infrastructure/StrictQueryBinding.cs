using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// How the API reads a query value, for every endpoint: once (a name given twice is a 400 naming it, never "the first
/// one wins"), and exactly as the contract writes it. A whole number is decimal digits (MVC's converter would also read
/// <c>0x10</c> as 16); a time is ISO 8601 and is taken as UTC when it names no offset, then normalised to UTC, so that
/// the node's time zone never changes what a filter means; a yes/no is <c>1</c>/<c>true</c> or <c>0</c>/<c>false</c>
/// (any case).
/// </summary>
public sealed class StrictQueryBinderProvider : IModelBinderProvider
{
    private static readonly HashSet<Type> Handled = [typeof(int), typeof(long), typeof(bool), typeof(DateTimeOffset), typeof(Guid), typeof(string)];

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return context.BindingInfo.BindingSource == BindingSource.Query && Handled.Contains(type) ? new StrictQueryBinder(type) : null;
    }

    private sealed class StrictQueryBinder(Type type) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var name = bindingContext.ModelName;
            var values = bindingContext.ValueProvider.GetValue(name);
            if (values == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(name, values);
            if (values.Length > 1)
            {
                bindingContext.ModelState.TryAddModelError(name, $"'{name}' must be given once.");
                return Task.CompletedTask;
            }

            var text = values.FirstValue;
            if (type == typeof(string))
            {
                bindingContext.Result = ModelBindingResult.Success(string.IsNullOrEmpty(text) ? null : text);
                return Task.CompletedTask;
            }

            if (Parse(text) is { } parsed)
            {
                bindingContext.Result = ModelBindingResult.Success(parsed);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(name, $"'{name}' {Expected()}.");
            }

            return Task.CompletedTask;
        }

        private object? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            const NumberStyles Integer = NumberStyles.AllowLeadingSign;
            var invariant = CultureInfo.InvariantCulture;
            return type switch
            {
                _ when type == typeof(int) => int.TryParse(text, Integer, invariant, out var i) ? i : null,
                _ when type == typeof(long) => long.TryParse(text, Integer, invariant, out var l) ? l : null,
                _ when type == typeof(Guid) => Guid.TryParse(text, out var g) ? g : null,
                _ when type == typeof(bool) => text.ToUpperInvariant() switch
                {
                    "1" or "TRUE" => true,
                    "0" or "FALSE" => false,
                    _ => null,
                },
                _ => DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    ? t.ToUniversalTime()
                    : null,
            };
        }

        private string Expected() => type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "must be a whole number in decimal digits",
            _ when type == typeof(Guid) => "must be an id (a GUID)",
            _ when type == typeof(bool) => "must be 1, true, 0 or false",
            _ => "must be a time in ISO 8601, such as 2026-12-01T09:00:00Z (UTC when no offset is given)",
        };
    }
}
