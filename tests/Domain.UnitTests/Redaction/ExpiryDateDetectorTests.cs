using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class ExpiryDateDetectorTests
{
    private readonly ExpiryDateDetector detector = new();

    [Theory]
    [InlineData("it expires oh five twenty six", "oh five twenty six")]
    [InlineData("expiry 05/26.", "05/26.")]
    [InlineData("valid until 05 26", "05 26")]
    [InlineData("expiration five twenty six", "five twenty six")]
    [InlineData("expires 05/2026", "05/2026")]
    [InlineData("expires May 2026", "May 2026")]
    [InlineData("card expires May twenty twenty six", "May twenty twenty six")]
    [InlineData("expires May twenty six", "May twenty six")]
    [InlineData("valid thru December twenty seven", "December twenty seven")]
    [InlineData("תוקף חמש עשרים ושש", "חמש עשרים ושש")]
    [InlineData("תוקף עד 12/27", "12/27")]
    [InlineData("בתוקף עד מאי 26", "מאי 26")]
    public void FindsTheDateAfterItsCue(string said, string date) => detector.Found(said).ShouldBe([date]);

    [Theory]
    [InlineData("4580 1234 5678 9015 oh five twenty six", "oh five twenty six")]
    [InlineData("4580 1234 5678 9015 and then 05/26", "05/26")]
    public void FindsTheDateRightAfterACardNumber(string said, string date) => detector.Found(said).ShouldBe([date]);

    [Theory]
    [InlineData("expires 13/26")] // no month 13
    [InlineData("we open at five twenty six")] // no cue, no card
    [InlineData("in May 2026 we move")]
    [InlineData("4580 1234 5678 9015 and then 05/12")] // not a card's year after a card alone
    [InlineData("expires in a day")]
    public void LeavesOtherNumbers(string said) => detector.Found(said).ShouldBeEmpty();
}
