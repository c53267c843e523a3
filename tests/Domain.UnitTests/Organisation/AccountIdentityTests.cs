using Recordings.Domain.Common;
using Recordings.Domain.Organisation;

namespace Recordings.Domain.UnitTests.Organisation;

public sealed class AccountIdentityTests
{
    [Theory]
    [InlineData("client:alice", "client:alice")]
    [InlineData("CLIENT:Alice_2", "client:Alice_2")]
    [InlineData(" +972521234567 ", "+972521234567")]
    [InlineData("sip:alice@PBX.Example.com", "sip:alice@pbx.example.com")]
    [InlineData("SIP:alice@pbx.example.com;transport=tls", "sip:alice@pbx.example.com")]
    [InlineData("sip:1001@10.0.0.5:5060", "sip:1001@10.0.0.5")]
    public void AnIdentityIsKeptInOneForm(string text, string expected)
    {
        AccountIdentity.TryParse(text, out var identity).ShouldBeTrue();
        identity!.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("client:")]
    [InlineData("client:has space")]
    [InlineData("0521234567")]
    [InlineData("+0521234567")]
    [InlineData("sip:nohost")]
    [InlineData("tel:+972521234567")]
    public void AnythingElseIsNoIdentity(string? text)
    {
        AccountIdentity.TryParse(text, out _).ShouldBeFalse();
        if (text is not null)
        {
            Should.Throw<DomainRuleException>(() => AccountIdentity.Parse(text)).Code.ShouldBe("invalid_identity");
        }
    }

    [Fact]
    public void AnIdentityOfMoreThanItsLengthIsRefused() =>
        AccountIdentity.TryParse("client:" + new string('a', AccountIdentity.MaxLength), out _).ShouldBeFalse();
}
