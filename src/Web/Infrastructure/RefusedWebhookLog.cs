using Microsoft.Extensions.Options;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Says that Twilio webhooks were refused, without letting whoever posts them fill the log: the first refusal after a
/// quiet <see cref="TwilioOptions.RefusedWebhookWarningInterval"/> is a warning that counts the refusals since the last
/// one, every other refusal a Debug line. Written here rather than taken from a library: the log abstractions offer
/// sampling by chance, not a bound per interval.
/// </summary>
public sealed partial class RefusedWebhookLog(ILogger<RefusedWebhookLog> logger, TimeProvider time, IOptions<TwilioOptions> options)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private long _unsaid;

    /// <summary>A refused webhook to <paramref name="path"/>; <paramref name="urlHash"/> names the URL whose signature was checked.</summary>
    public void Refused(string path, string urlHash)
    {
        long earlier;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _quietUntil)
            {
                _unsaid++;
                LogRefusedQuietly(logger, path, urlHash);
                return;
            }

            earlier = _unsaid;
            _unsaid = 0;
            _quietUntil = now + options.Value.RefusedWebhookWarningInterval;
        }

        LogRefused(logger, path, urlHash, earlier);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unsigned or wrongly signed Twilio webhook to {Path} " +
        "(checked URL's SHA-256 {UrlHash}); {Earlier} more were refused since the last such warning")]
    private static partial void LogRefused(ILogger logger, string path, string urlHash, long earlier);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused an unsigned or wrongly signed Twilio webhook to {Path} (checked URL's SHA-256 {UrlHash})")]
    private static partial void LogRefusedQuietly(ILogger logger, string path, string urlHash);
}
