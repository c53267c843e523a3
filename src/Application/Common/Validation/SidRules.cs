using FluentValidation;
using Recordings.Domain.Common;

namespace Recordings.Application.Common.Validation;

/// <summary>
/// The one check of a call or recording SID in a request (the route's <c>callSid</c>, <c>?recordingSid=</c>, a filter):
/// a failure carries the code <see cref="InvalidSidCode"/>, which <c>ValidationBehaviour</c> answers before anything
/// else wrong with the message, and before any storage or database access.
/// </summary>
public static class SidRules
{
    public const string InvalidSidCode = "invalid_sid";

    public static IRuleBuilderOptions<T, string> MustBeCallSid<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Sid.IsCallSid).WithMessage("Not a call SID (CA + 32 hex digits).").WithErrorCode(InvalidSidCode);

    public static IRuleBuilderOptions<T, string?> MustBeRecordingSid<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Sid.IsRecordingSid).WithMessage("Not a recording SID (RE + 32 hex digits).").WithErrorCode(InvalidSidCode);
}
