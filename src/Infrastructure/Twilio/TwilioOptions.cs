namespace Recordings.Infrastructure.Twilio;

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

    /// <summary>
    /// The base of the download's jittered exponential backoff: the first retry comes after 1 to 3 times this (the
    /// contract's 1 to 3 seconds). Tests shorten it; production leaves it at one second.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one download attempt may wait for Twilio to answer or send more bytes.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
