using FluentValidation;

namespace Recordings.Application.Common.Validation;

/// <summary>What a new password must be, wherever one is set (a new agent, an operator's reset, the agent's own change).</summary>
public static class PasswordRules
{
    public const int MinLength = 10;

    public const int MaxLength = 512;

    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MinimumLength(MinLength).WithMessage($"A password has at least {MinLength} characters.").MaximumLength(MaxLength);
}
