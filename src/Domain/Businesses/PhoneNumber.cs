using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Recordings.Domain.Businesses;

/// <summary>A phone number in E.164 form: '+', a country code that does not start with 0, at most 15 digits.</summary>
public sealed partial record PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && E164().IsMatch(value);

    public static PhoneNumber Parse(string value) =>
        IsValid(value) ? new PhoneNumber(value) : throw new ArgumentException($"'{value}' is not an E.164 phone number.", nameof(value));

    public override string ToString() => Value;

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
