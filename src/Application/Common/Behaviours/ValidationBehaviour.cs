using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Common.Behaviours;

/// <summary>
/// Runs before every handler: refuses control characters in any text of the message (a NUL would reach PostgreSQL,
/// which rejects it with an exception), then runs every FluentValidation validator of the message. Any failure is a
/// 400 with the message's validation code; a malformed SID (<see cref="Validation.SidRules"/>) is a 400
/// <c>invalid_sid</c>.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = ControlCharacters.Find(message);
        if (failures.Count == 0)
        {
            foreach (var validator in validators)
            {
                var result = await validator.ValidateAsync(new ValidationContext<TMessage>(message), cancellationToken);
                failures.AddRange(result.Errors);
            }
        }

        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        // A malformed SID is answered as such (invalid_sid), alone, whatever else is wrong with the message.
        var sidFailures = failures.Where(f => f.ErrorCode == Validation.SidRules.InvalidSidCode).ToList();
        if (sidFailures.Count > 0)
        {
            throw RequestValidationException.From(Validation.SidRules.InvalidSidCode, sidFailures);
        }

        throw RequestValidationException.From(ErrorCode.Value, failures);
    }

    private static class ErrorCode
    {
        public static readonly string Value = typeof(TMessage).GetInterfaces().Contains(typeof(IValidationErrorCode))
            ? (string)typeof(TMessage).GetProperty(nameof(IValidationErrorCode.ValidationErrorCode))!.GetValue(null)!
            : RequestValidationException.DefaultCode;
    }
}

/// <summary>
/// Finds control characters (Unicode category Cc: NUL, tab, line breaks, escape...) in the text properties of a
/// message: its strings and its collections of strings. No field of this API takes them, and PostgreSQL refuses NUL.
/// </summary>
public static class ControlCharacters
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> TextProperties = new();

    private static readonly SearchValues<char> Controls =
        SearchValues.Create(Enumerable.Range(0, 0x100).Select(c => (char)c).Where(char.IsControl).ToArray());

    public static bool In(string? value) => value is not null && value.AsSpan().ContainsAny(Controls);

    public static List<ValidationFailure> Find(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failures = new List<ValidationFailure>();
        foreach (var property in TextProperties.GetOrAdd(message.GetType(), Discover))
        {
            var value = property.GetValue(message);
            var found = value switch
            {
                string text => In(text),
                IEnumerable<string?> texts => texts.Any(In),
                _ => false,
            };
            if (found)
            {
                failures.Add(new ValidationFailure(property.Name, $"'{property.Name}' must not contain control characters."));
            }
        }

        return failures;
    }

    private static PropertyInfo[] Discover(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0
                && (p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)))
            .ToArray();
}
