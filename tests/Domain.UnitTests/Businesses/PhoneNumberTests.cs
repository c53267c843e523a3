using Recordings.Domain.Businesses;

namespace Recordings.Domain.UnitTests.Businesses;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+15551230001")]
    [InlineData("+442071838750")]
    [InlineData("+972501234567")]
    [InlineData("+12")] // the shortest: a one-digit country code and one more digit
    [InlineData("+123456789012345")] // the longest: 15 digits
    public void AcceptsE164Numbers(string value)
    {
        PhoneNumber.IsValid(value).ShouldBeTrue();
        PhoneNumber.Parse(value).Value.ShouldBe(value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+1")] // no digit after the country code
    [InlineData("15551230001")] // no plus
    [InlineData("0015551230001")]
    [InlineData("+05551230001")] // a country code does not start with 0
    [InlineData("+1234567890123456")] // 16 digits
    [InlineData("+1 555 123 0001")]
    [InlineData("+1-555-123-0001")]
    [InlineData("+1(555)1230001")]
    [InlineData("+1555123000a")]
    [InlineData(" +15551230001")]
    [InlineData("+15551230001 ")]
    [InlineData("++15551230001")]
    [InlineData("+١٥٥٥١٢٣٠٠٠١")] // Arabic-Indic digits
    public void RejectsAnythingThatIsNotE164(string value)
    {
        PhoneNumber.IsValid(value).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => PhoneNumber.Parse(value));
    }

    [Fact]
    public void RejectsATrailingNewline()
    {
        PhoneNumber.IsValid("+15551230001\n").ShouldBeFalse();
        Should.Throw<ArgumentException>(() => PhoneNumber.Parse("+15551230001\n"));
    }

    [Fact]
    public void RejectsNull()
    {
        PhoneNumber.IsValid(null).ShouldBeFalse();
    }

    [Fact]
    public void NumbersWithTheSameDigitsAreEqual()
    {
        PhoneNumber.Parse("+15551230001").ShouldBe(PhoneNumber.Parse("+15551230001"));
        PhoneNumber.Parse("+15551230001").ShouldNotBe(PhoneNumber.Parse("+15551230002"));
        PhoneNumber.Parse("+15551230001").ToString().ShouldBe("+15551230001");
    }
}
