using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class CheckDigitsTests
{
    [Theory]
    [InlineData("4580123456789015", true)]
    [InlineData("4111111111111111", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4580123456789016", false)]
    [InlineData("4111111111111112", false)]
    [InlineData("", false)]
    [InlineData("45a0", false)]
    public void ChecksLuhn(string digits, bool valid) => CheckDigits.IsLuhnValid(digits).ShouldBe(valid);

    [Theory]
    [InlineData("123456782", true)]
    [InlineData("034567891", true)]
    [InlineData("34567891", true)] // 8 digits, read with a leading zero
    [InlineData("123456789", false)]
    [InlineData("000000000", false)]
    [InlineData("1234567", false)]
    [InlineData("1234567820", false)]
    public void ChecksIsraeliIds(string digits, bool valid) => CheckDigits.IsIsraeliIdValid(digits).ShouldBe(valid);
}
