using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Recordings.Infrastructure.Twilio;

/// <summary>The <c>Twilio</c> configuration section.</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:AccountSid must be AC followed by 32 hex digits.")]
    [Required(ErrorMessage = "Twilio:AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Twilio:AuthToken is required.")]
    public string AuthToken { get; set; } = string.Empty;

    public static readonly string[] DefaultMediaOrigins = ["https://api.twilio.com"];

    /// <summary>
    /// Origins recordings may be downloaded from (scheme://host[:port]). Empty means <see cref="DefaultMediaOrigins"/>
    /// (an initialised array would be appended to, not replaced, by configuration binding).
    /// </summary>
    public string[] MediaOrigins { get; set; } = [];

    /// <summary>
    /// The origin of Twilio's REST API (recordings list, call fetch, recording delete): Twilio's own unless a simulated
    /// Twilio stands in (tests, demo mode).
    /// </summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>The public base URL Twilio calls, for the signature check behind a proxy.</summary>
    public string? WebhookBaseUrl { get; set; }

    /// <summary>
    /// At most one warning per this interval says that webhooks were refused (unsigned, wrongly signed, another
    /// account), with how many since the last one; the others are logged at Debug. Anyone may post to the webhook URLs,
    /// so their refusals must not fill the log. 0 logs every refusal as a warning.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Twilio:RefusedWebhookWarningInterval must be between 0 and 1 day.")]
    public TimeSpan RefusedWebhookWarningInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(0, int.MaxValue, ErrorMessage = "Twilio:NotFoundGraceSeconds >= 0 and Twilio:MaxDownloadAttempts >= 1.")]
    public int NotFoundGraceSeconds { get; set; } = 120;

    [Range(1, int.MaxValue, ErrorMessage = "Twilio:NotFoundGraceSeconds >= 0 and Twilio:MaxDownloadAttempts >= 1.")]
    public int MaxDownloadAttempts { get; set; } = 6;

    /// <summary>
    /// The base of the download's jittered exponential backoff: the first retry comes after 1 to 3 times this (the
    /// contract's 1 to 3 seconds). Tests shorten it; production leaves it at one second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Twilio:RetryBaseDelay and Twilio:AttemptTimeout must be positive.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one download attempt may wait for Twilio to answer or send more bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Twilio:RetryBaseDelay and Twilio:AttemptTimeout must be positive.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>What data annotations cannot say about <see cref="TwilioOptions"/>: its URLs must be origins and absolute URLs.</summary>
public sealed class TwilioOptionsUrlsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MediaOrigins.Length == 0 || !options.MediaOrigins.All(IsOrigin))
        {
            failures.Add("Twilio:MediaOrigins must be origins such as https://api.twilio.com.");
        }

        if (!IsOrigin(options.ApiBaseUrl))
        {
            failures.Add("Twilio:ApiBaseUrl must be an origin such as https://api.twilio.com.");
        }

        if (options.WebhookBaseUrl is not null && !Uri.TryCreate(options.WebhookBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add("Twilio:WebhookBaseUrl must be an absolute URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query) && !value.TrimEnd('/').EndsWith('/');
}
