using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure.UnitTests.Twilio;

/// <summary>
/// Which recording URLs from a webhook the media client trusts: exactly a configured origin followed by
/// <c>/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}</c>; a webhook with any other is refused.
/// </summary>
public sealed class TrustedRecordingUrlTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string OtherAccountSid = "ACfedcba9876543210fedcba9876543210";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string OtherRecordingSid = "REfedcba9876543210fedcba9876543210";
    private const string RecordingPath = "/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private const string TwilioRecordingUrl = "https://api.twilio.com" + RecordingPath;

    private static ITwilioMediaClient Client(params string[] mediaOrigins)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new TwilioOptions
        {
            AccountSid = AccountSid,
            AuthToken = "token",
            MediaOrigins = mediaOrigins.Length > 0 ? mediaOrigins : TwilioOptions.DefaultMediaOrigins,
        }));
        services.AddTwilioMedia(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        return services.BuildServiceProvider().GetRequiredService<ITwilioMediaClient>();
    }

    [Fact]
    public void TwiliosRecordingUrlIsTrusted() =>
        Client().IsTrustedRecordingUrl(TwilioRecordingUrl, AccountSid, RecordingSid).ShouldBeTrue();

    [Theory]
    [InlineData("https://evil.example.com" + RecordingPath)] // another host
    [InlineData("http://api.twilio.com" + RecordingPath)] // http, not https
    [InlineData("https://api.twilio.com:8443" + RecordingPath)] // another port
    [InlineData("https://api.twilio.com.evil.com" + RecordingPath)] // a look-alike host
    [InlineData("https://api.twilio.com@evil.com" + RecordingPath)] // userinfo: the host is evil.com
    [InlineData("https://user:pass@api.twilio.com" + RecordingPath)]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + OtherAccountSid + "/Recordings/" + RecordingSid)] // another account
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + OtherRecordingSid)] // another recording
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid + "/extra")] // a path suffix
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid + "/../../../../evil")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid + ".json")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid + "?redirect=https://evil.com")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid + "#fragment")]
    [InlineData("https://api.twilio.com/2099-01-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid)] // another API version
    [InlineData("https://api.twilio.com//2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid)]
    [InlineData(RecordingPath)] // relative
    [InlineData("//api.twilio.com" + RecordingPath)] // scheme-relative
    [InlineData(" " + TwilioRecordingUrl)]
    public void AnyOtherUrlIsNot(string url) =>
        Client().IsTrustedRecordingUrl(url, AccountSid, RecordingSid).ShouldBeFalse();

    [Theory]
    [InlineData("http://127.0.0.1:5055")]
    [InlineData("http://127.0.0.1:5055/")]
    public void AConfiguredExtraOriginIsTrusted(string origin) =>
        Client("https://api.twilio.com", origin).IsTrustedRecordingUrl("http://127.0.0.1:5055" + RecordingPath, AccountSid, RecordingSid)
            .ShouldBeTrue();

    [Fact]
    public void TwilioStaysTrustedNextToAnExtraOrigin() =>
        Client("https://api.twilio.com", "http://127.0.0.1:5055").IsTrustedRecordingUrl(TwilioRecordingUrl, AccountSid, RecordingSid)
            .ShouldBeTrue();

    [Fact]
    public void TwilioIsNotTrustedWhenOnlyAnotherOriginIsConfigured() =>
        Client("http://127.0.0.1:5055").IsTrustedRecordingUrl(TwilioRecordingUrl, AccountSid, RecordingSid).ShouldBeFalse();
}
