using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class IsraeliIdDetectorTests
{
    private readonly IsraeliIdDetector detector = new();

    [Theory]
    [InlineData("my ID is 123456782", "123456782")]
    [InlineData("123 456 782", "123 456 782")] // no cue, but a whole valid run
    [InlineData("one two three four five six seven eight two", "one two three four five six seven eight two")]
    [InlineData("תעודת זהות אחת שתיים שלוש ארבע חמש שש שבע שמונה שתיים", "אחת שתיים שלוש ארבע חמש שש שבע שמונה שתיים")]
    [InlineData("ת.ז. 34567891", "34567891")] // 8 digits after a cue: a leading zero
    [InlineData("ת\"ז שלושים וארבע חמישים ושש שבעים ושמונה תשעים ואחת", "שלושים וארבע חמישים ושש שבעים ושמונה תשעים ואחת")]
    [InlineData("123456782 and 5 items", "123456782")]
    [InlineData("my ID is twelve thirty four fifty six seventy nine", "twelve thirty four fifty six seventy nine")] // 70 then 9: 123456709
    [InlineData("my ID is twelve thirty four fifty six seventy eight, two", "twelve thirty four fifty six seventy eight, two")]
    public void FindsIdentityNumbers(string said, string id) => detector.Found(said).ShouldBe([id]);

    [Theory]
    [InlineData("my ID is 123456789")] // wrong check digit
    [InlineData("order 34567891")] // 8 digits without a cue
    [InlineData("order 1234567820")] // 10 digits
    [InlineData("order 99123456782")] // inside a longer number, no cue
    [InlineData("forty two shekels")]
    [InlineData("I'd like order 34567891")] // I'd is no ID
    public void LeavesOtherNumbers(string said) => detector.Found(said).ShouldBeEmpty();
}
