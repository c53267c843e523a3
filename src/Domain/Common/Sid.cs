using System.Text.RegularExpressions;

namespace Recordings.Domain.Common;

/// <summary>Twilio identifiers: a two-letter prefix followed by 32 hexadecimal digits.</summary>
public static partial class Sid
{
    public static bool IsCallSid(string? value) => Matches(value, "CA");

    public static bool IsRecordingSid(string? value) => Matches(value, "RE");

    public static bool IsAccountSid(string? value) => Matches(value, "AC");

    private static bool Matches(string? value, string prefix) =>
        value is { Length: 34 } && value.StartsWith(prefix, StringComparison.Ordinal) && HexDigits().IsMatch(value.AsSpan(2));

    [GeneratedRegex("^[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexDigits();
}
