namespace Recordings.Application.Common.Interfaces;

/// <summary>A message whose validation failures are reported with a code of its own instead of <c>validation_failed</c>.</summary>
public interface IValidationErrorCode
{
    static abstract string ValidationErrorCode { get; }
}
