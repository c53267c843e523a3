using FluentValidation.Results;

namespace Recordings.Application.Common.Exceptions;

/// <summary>
/// An answer of the contract (400, 401, 404, 409, 410), not a fault: logged at Information, never as an error, and
/// answered with its problem document and stable <see cref="Code"/>.
/// </summary>
public abstract class ExpectedOutcomeException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The request is malformed: answered 400 with the errors by field.</summary>
public sealed class RequestValidationException(string code, IReadOnlyDictionary<string, string[]> errors)
    : ExpectedOutcomeException(code, "One or more fields are invalid.")
{
    public const string DefaultCode = "validation_failed";

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException From(string code, IEnumerable<ValidationFailure> failures) =>
        new(code, failures
            .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal));

    public static RequestValidationException ForField(string code, string field, string message) =>
        new(code, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The thing asked for does not exist for this caller: answered 404.</summary>
public sealed class NotFoundException(string code, string message) : ExpectedOutcomeException(code, message);

/// <summary>What was asked for existed and is gone for good (410), e.g. a recording deleted under a retention policy.</summary>
public sealed class GoneException(string code, string message) : ExpectedOutcomeException(code, message);

/// <summary>The request conflicts with what exists (a taken number or email): answered 409.</summary>
public sealed class ConflictException(string code, string message) : ExpectedOutcomeException(code, message);

/// <summary>The caller did not prove who it is: answered 401.</summary>
public sealed class UnauthorizedException(string code, string message) : ExpectedOutcomeException(code, message);

/// <summary>The caller is known but its role may not do this: answered 403.</summary>
public sealed class ForbiddenException(string code, string message) : ExpectedOutcomeException(code, message);

/// <summary>
/// The account's business signs its people in only through its identity provider: answered 401 <c>sso_required</c>
/// with <see cref="SsoUrl"/> (where the client starts the sign-in) in the problem document.
/// </summary>
public sealed class SsoRequiredException(string ssoUrl)
    : ExpectedOutcomeException("sso_required", "This business signs in through its identity provider, not with a password.")
{
    public string SsoUrl { get; } = ssoUrl;
}
