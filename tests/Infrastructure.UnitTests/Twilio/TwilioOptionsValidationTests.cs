using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure.UnitTests.Twilio;

/// <summary>The Twilio section is checked at start-up: data annotations, and the URL rules they cannot express.</summary>
public sealed class TwilioOptionsValidationTests
{
    private static TwilioOptions Resolve(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = "Host=127.0.0.1;Database=unused",
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider().GetRequiredService<IOptions<TwilioOptions>>().Value;
    }

    [Fact]
    public void ValidSettingsPassAndTheMediaOriginsDefaultToTwilios() =>
        Resolve().MediaOrigins.ShouldBe(["https://api.twilio.com"]);

    [Theory]
    [InlineData("Twilio:AccountSid", "AC123", "Twilio:AccountSid must be AC followed by 32 hex digits.")]
    [InlineData("Twilio:AuthToken", "", "Twilio:AuthToken is required.")]
    [InlineData("Twilio:MaxDownloadAttempts", "0", "Twilio:MaxDownloadAttempts >= 1")]
    [InlineData("Twilio:AttemptTimeout", "00:00:00", "Twilio:AttemptTimeout must be positive")]
    [InlineData("Twilio:MediaOrigins:0", "https://api.twilio.com/2010-04-01", "Twilio:MediaOrigins must be origins")]
    [InlineData("Twilio:WebhookBaseUrl", "not a url", "Twilio:WebhookBaseUrl must be an absolute URL.")]
    public void AnInvalidSettingIsNamedInTheError(string key, string value, string message)
    {
        var ex = Should.Throw<OptionsValidationException>(() => Resolve((key, value)));

        string.Join(" ", ex.Failures).ShouldContain(message);
    }
}
