using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Common.Behaviours;

/// <summary>Runs every FluentValidation validator of a message before its handler; any failure is a 400.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TMessage>(message), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw RequestValidationException.From(ErrorCode.Value, failures);
        }

        return await next(message, cancellationToken);
    }

    private static class ErrorCode
    {
        public static readonly string Value = typeof(TMessage).GetInterfaces().Contains(typeof(IValidationErrorCode))
            ? (string)typeof(TMessage).GetProperty(nameof(IValidationErrorCode.ValidationErrorCode))!.GetValue(null)!
            : RequestValidationException.DefaultCode;
    }
}
