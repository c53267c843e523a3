using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Infrastructure.Twilio;
using Recordings.Testing;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.FunctionalTests;

/// <summary>Anyone may post to the webhook URLs: their refusals are at most one warning a minute (on a fake clock).</summary>
public sealed class RefusedWebhookLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<RefusedWebhookLog> _logger = new();

    private RefusedWebhookLog Log(TimeSpan interval) =>
        new(_logger, _time, Options.Create(new TwilioOptions { RefusedWebhookWarningInterval = interval }));

    private IEnumerable<LogEntry> Warnings => _logger.Entries.Where(e => e.Level == LogLevel.Warning);

    [Fact]
    public void AFloodOfRefusalsIsOneWarningAMinuteThatCountsTheRest()
    {
        var log = Log(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 1000; i++)
        {
            log.Refused("/api/webhooks/twilio/call-status", "0123456789abcdef");
        }

        Warnings.ShouldHaveSingleItem().Properties["Earlier"].ShouldBe(0L);
        _logger.Entries.Count(e => e.Level == LogLevel.Debug).ShouldBe(999);

        _time.Advance(TimeSpan.FromSeconds(59));
        log.Refused("/api/webhooks/twilio/call-status", "0123456789abcdef");
        Warnings.Count().ShouldBe(1);

        _time.Advance(TimeSpan.FromSeconds(1));
        log.Refused("/api/webhooks/twilio/recording-status", "fedcba9876543210");
        var second = Warnings.Last();
        second.Properties["Earlier"].ShouldBe(1000L, "the 999 of the first minute and the one at 59 s");
        second.Properties["Path"].ShouldBe("/api/webhooks/twilio/recording-status");
        Warnings.Count().ShouldBe(2);
    }

    [Fact]
    public void WithNoIntervalEveryRefusalIsAWarning()
    {
        var log = Log(TimeSpan.Zero);

        log.Refused("/api/webhooks/twilio/call-status", "0123456789abcdef");
        log.Refused("/api/webhooks/twilio/call-status", "0123456789abcdef");

        Warnings.Count().ShouldBe(2);
    }
}
