using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Recordings.Domain.Businesses;
using Recordings.Domain.Common;

namespace Recordings.Domain.Organisation;

/// <summary>
/// Who an account is on a call, as Twilio names the parties of a call (<c>From</c>/<c>To</c>): a Voice SDK client
/// (<c>client:alice</c>), a phone number in E.164 (<c>+972521234567</c>), or a SIP URI (<c>sip:alice@pbx.example.com</c>).
/// Kept in one form so that a party matches however its case or parameters were written: the scheme and a SIP host in
/// lower case, a SIP URI's parameters (<c>;transport=tls</c>) dropped; a client name and a SIP user are Twilio's and
/// case-sensitive.
/// </summary>
public sealed partial record AccountIdentity
{
    public const int MaxLength = 256;

    private AccountIdentity(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out AccountIdentity? identity)
    {
        identity = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        if (PhoneNumber.IsValid(value))
        {
            identity = new AccountIdentity(value);
        }
        else if (value.StartsWith("client:", StringComparison.OrdinalIgnoreCase) && ClientName().IsMatch(value[7..]))
        {
            identity = new AccountIdentity("client:" + value[7..]);
        }
        else if (value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && Sip().Match(value[4..].Split(';')[0]) is { Success: true } sip)
        {
            identity = new AccountIdentity($"sip:{sip.Groups["user"].Value}@{sip.Groups["host"].Value.ToLowerInvariant()}");
        }

        return identity is not null;
    }

    public static AccountIdentity Parse(string text) =>
        TryParse(text, out var identity) ? identity : throw new DomainRuleException("invalid_identity", $"'{text}' is not a client:, E.164 or sip: identity.");

    public override string ToString() => Value;

    // Twilio's client identities: letters, digits, underscore (and the dot, dash and @ many CRMs use), up to 121.
    [GeneratedRegex(@"^[A-Za-z0-9_.@\-]{1,121}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClientName();

    [GeneratedRegex(@"^(?<user>[^@\s:;]{1,64})@(?<host>[A-Za-z0-9.\-]{1,253})(:[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sip();
}
