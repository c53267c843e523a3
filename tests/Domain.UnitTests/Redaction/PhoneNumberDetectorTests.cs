using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class PhoneNumberDetectorTests
{
    private readonly PhoneNumberDetector detector = new();

    [Theory]
    [InlineData("call me on 052-1234567", "052-1234567")]
    [InlineData("0521234567", "0521234567")]
    [InlineData("oh five two one two three four five six seven", "oh five two one two three four five six seven")]
    [InlineData("אפס חמש ארבע שבע שבע שבע אחת שתיים שלוש ארבע", "אפס חמש ארבע שבע שבע שבע אחת שתיים שלוש ארבע")]
    [InlineData("03-6123456", "03-6123456")]
    [InlineData("+972-52-123-4567", "+972-52-123-4567")]
    [InlineData("plus nine seven two fifty two one two three four five six seven", "plus nine seven two fifty two one two three four five six seven")]
    [InlineData("1-800-123-456", "1-800-123-456")]
    [InlineData("212 555 1234", "212 555 1234")]
    [InlineData("+1 212 555 1234", "+1 212 555 1234")]
    [InlineData("my phone is 2125551234", "2125551234")]
    [InlineData("054 double seven three double four five six", "054 double seven three double four five six")]
    public void FindsPhoneNumbers(string said, string phone) => detector.Found(said).ShouldBe([phone]);

    [Theory]
    [InlineData("order 2125551234")] // 10 digits, no cue, not grouped as a phone
    [InlineData("order 123456")]
    [InlineData("it costs 199.90")]
    [InlineData("at three thirty")]
    [InlineData("0121234567")] // no such Israeli prefix
    public void LeavesOtherNumbers(string said) => detector.Found(said).ShouldBeEmpty();
}
