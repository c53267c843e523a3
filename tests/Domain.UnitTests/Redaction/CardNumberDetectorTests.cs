using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class CardNumberDetectorTests
{
    private readonly CardNumberDetector detector = new();

    [Theory]
    [InlineData("my card is 4580 1234 5678 9015 thanks", "4580 1234 5678 9015")]
    [InlineData("it's 4580123456789015.", "4580123456789015.")]
    [InlineData("4580-1234-5678-9015", "4580-1234-5678-9015")]
    [InlineData("four five eight zero one two three four five six seven eight nine zero one five ok",
        "four five eight zero one two three four five six seven eight nine zero one five")]
    [InlineData("forty five eighty twelve thirty four fifty six seventy eight ninety fifteen",
        "forty five eighty twelve thirty four fifty six seventy eight ninety fifteen")]
    [InlineData("4580 uh 1234 um 5678 and 9015", "4580 uh 1234 um 5678 and 9015")]
    [InlineData("ארבע חמש שמונה אפס אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע אפס אחת חמש",
        "ארבע חמש שמונה אפס אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע אפס אחת חמש")]
    [InlineData("המספר 4580 אה 1234 5678 ו 9015 תודה", "4580 אה 1234 5678 ו 9015")]
    [InlineData("amex 3782 822463 10005", "3782 822463 10005")]
    [InlineData("visa 4111 1111 1111 1111 expires 05/26", "4111 1111 1111 1111")]
    [InlineData("my card is forty five ninety one two three four fifty six seventy eight ninety one three",
        "forty five ninety one two three four fifty six seventy eight ninety one three")] // 4590 1234 5678 9013
    public void FindsCardNumbersHoweverGrouped(string said, string card) => detector.Found(said).ShouldBe([card]);

    [Fact]
    public void FindsTheCardWithinLongerDigits() =>
        detector.Found("4580 1234 5678 9015 0526").ShouldBe(["4580 1234 5678 9015"]);

    [Theory]
    [InlineData("my card is 4580 1234 5678 9016")] // fails Luhn
    [InlineData("order 1234 5678")] // too short
    [InlineData("0521234567 123456782")] // starts with 0: no card network
    [InlineData("it costs 199.90 and 42 shekels")]
    [InlineData("4580 1234 5678 the order")]
    public void LeavesWhatIsNotACardNumber(string said) => detector.Found(said).ShouldBeEmpty();

    [Fact]
    public void IsCuedAfterTheWordCard() =>
        detector.Detect(SpokenText.Of("card number 4580123456789015")).ShouldHaveSingleItem().Cued.ShouldBeTrue();
}
