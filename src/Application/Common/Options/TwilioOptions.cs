namespace Recordings.Application.Common.Options;

/// <summary>The <c>Twilio</c> configuration section.</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    public string AccountSid { get; set; } = string.Empty;

    public string AuthToken { get; set; } = string.Empty;

    public static readonly string[] DefaultMediaOrigins = ["https://api.twilio.com"];

    /// <summary>
    /// Origins recordings may be downloaded from (scheme://host[:port]). Empty means <see cref="DefaultMediaOrigins"/>
    /// (an initialised array would be appended to, not replaced, by configuration binding).
    /// </summary>
    public string[] MediaOrigins { get; set; } = [];

    /// <summary>The public base URL Twilio calls, for the signature check behind a proxy.</summary>
    public string? WebhookBaseUrl { get; set; }

    public int NotFoundGraceSeconds { get; set; } = 120;

    public int MaxDownloadAttempts { get; set; } = 6;
}
