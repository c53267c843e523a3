using FluentValidation;
using Recordings.Domain.Common;

namespace Recordings.Application.Common.Validation;

public static class SidRules
{
    public static IRuleBuilderOptions<T, string> MustBeCallSid<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Sid.IsCallSid).WithMessage("Not a call SID (CA + 32 hex digits).");

    public static IRuleBuilderOptions<T, string?> MustBeRecordingSid<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Sid.IsRecordingSid).WithMessage("Not a recording SID (RE + 32 hex digits).");
}
