using FluentValidation;
using Recordings.Domain.Businesses;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage;

/// <summary>
/// The shape rules of the administration's fields, checked before any database access. Each list is refused as a
/// whole under its own name (<c>Identities</c>, <c>PhoneNumbers</c>...), with the values that are wrong.
/// </summary>
public static class ManageRules
{
    public const int MaxDisplayNameLength = 200;
    public const int MaxIdentities = 20;
    public const int MaxTeamsPerAccount = 100;
    public const int MaxPhoneNumbersPerTeam = 100;
    public const int MaxSupervisors = 100;
    public const int MaxAgentsPerCall = 20;

    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || n.Trim().Length > 0).WithMessage("'displayName' must not be blank.")
            .MaximumLength(MaxDisplayNameLength);

    public static IRuleBuilderOptions<T, string?> Role<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || OrganisationNames.TryParseRole(r, out _)).WithMessage("'role' is agent, supervisor or admin.");

    /// <summary>Each a <c>client:</c> name, an E.164 number or a <c>sip:</c> URI (<see cref="AccountIdentity.TryParse"/>).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> Identities<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(i => i is null || i.Count <= MaxIdentities).WithMessage($"At most {MaxIdentities} identities.")
            .Must(i => i is null || i.All(v => AccountIdentity.TryParse(v, out _)))
            .WithMessage((_, i) => $"Not an identity (client:<name>, an E.164 number such as +15551230001, or a sip: URI): {Malformed(i!)}.");

    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> Ids<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule, int max) =>
        rule.Must(i => i is null || i.Count <= max).WithMessage($"At most {max} ids.");

    /// <summary>E.164 numbers (whether the business owns them is the handler's to check).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> PhoneNumbers<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(n => n is null || n.Count <= MaxPhoneNumbersPerTeam).WithMessage($"At most {MaxPhoneNumbersPerTeam} phone numbers.")
            .Must(n => n is null || n.All(PhoneNumber.IsValid))
            .WithMessage((_, n) => $"Not an E.164 phone number (e.g. +15551230001): {string.Join(", ", n!.Where(v => !PhoneNumber.IsValid(v)))}.");

    /// <summary>The identities in their one stored form, each once.</summary>
    public static IReadOnlyList<AccountIdentity> Normalise(IEnumerable<string> identities) =>
        [.. identities.Select(AccountIdentity.Parse).DistinctBy(i => i.Value, StringComparer.Ordinal)];

    private static string Malformed(IEnumerable<string> identities) =>
        string.Join(", ", identities.Where(v => !AccountIdentity.TryParse(v, out _)).Select(v => $"'{v}'"));
}
