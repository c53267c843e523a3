using System.Globalization;
using FluentValidation;

namespace Recordings.Application.Webhooks;

/// <summary>Rules shared by the Twilio webhook validators.</summary>
internal static class WebhookFields
{
    public const int MaxFieldLength = 256;

    /// <summary>Optional whole number of seconds (or channels), 0 or more.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalCount<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || TryParseCount(v, out _)).WithMessage("'{PropertyName}' must be a whole number of 0 or more.");

    /// <summary>
    /// The longest duration a callback may state: a day. Twilio's calls and recordings are far shorter (a call lasts at
    /// most 24 hours), so a larger <c>CallDuration</c> or <c>RecordingDuration</c> is corrupt or forged; it is refused
    /// (400) rather than shown as a call of 68 years.
    /// </summary>
    public const int MaxDurationSeconds = 86_400;

    /// <summary>Optional whole number of seconds from 0 to <see cref="MaxDurationSeconds"/>.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalDuration<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => TryParseCount(v, out var seconds) && seconds is null or <= MaxDurationSeconds)
            .WithMessage($"'{{PropertyPath}}' must be a whole number of seconds from 0 to {MaxDurationSeconds} (24 hours).");

    /// <summary>A field the validator has already accepted.</summary>
    public static int? ParseCount(string? value) =>
        TryParseCount(value, out var count) ? count : throw new FormatException($"'{value}' is not a count.");

    public static DateTimeOffset? ParseTimestamp(string? value) =>
        TryParseTimestamp(value, out var timestamp) ? timestamp : throw new FormatException($"'{value}' is not a timestamp.");

    public static bool TryParseCount(string? value, out int? count)
    {
        count = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            count = parsed;
            return true;
        }

        return false;
    }

    /// <summary>How far before the present a webhook's timestamp may be (Twilio retries for hours, not weeks).</summary>
    public static readonly TimeSpan MaxTimestampAge = TimeSpan.FromDays(30);

    /// <summary>How far after the present a webhook's timestamp may be (clock skew between Twilio and us).</summary>
    public static readonly TimeSpan MaxTimestampLead = TimeSpan.FromDays(1);

    /// <summary>An optional timestamp that parses and lies near the present (see <see cref="MaxTimestampAge"/>).</summary>
    public static IRuleBuilderOptions<T, string?> RecentTimestamp<T>(this IRuleBuilder<T, string?> rule, TimeProvider time) =>
        rule.Must(t => TryParseTimestamp(t, out var parsed) && IsNearPresent(parsed, time.GetUtcNow()))
            .WithMessage($"'{{PropertyName}}' must be an RFC 1123 or ISO 8601 date within {MaxTimestampAge.TotalDays:0} days before "
                + $"and {MaxTimestampLead.TotalDays:0} day after the present.");

    private static bool IsNearPresent(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is not { } t || (t >= now - MaxTimestampAge && t <= now + MaxTimestampLead);

    /// <summary>Twilio's timestamps are RFC 1123 dates ("Mon, 16 Aug 2010 03:45:01 +0000"); ISO 8601 is accepted too.</summary>
    public static bool TryParseTimestamp(string? value, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(value, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var rfc) ||
            DateTimeOffset.TryParseExact(value.Replace(" +0000", " +00:00", StringComparison.Ordinal), "ddd, dd MMM yyyy HH:mm:ss zzz",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out rfc) ||
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.RoundtripKind, out rfc))
        {
            timestamp = rfc.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>A party of a call: an E.164 number, or a client/SIP address; no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> Party<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(Domain.Calls.CallLog.MaxPartyLength)
            .Must(v => v is null || v.All(c => !char.IsControl(c))).WithMessage("'{PropertyName}' has control characters.");
}
