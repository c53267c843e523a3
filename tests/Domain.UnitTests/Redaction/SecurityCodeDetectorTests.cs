using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class SecurityCodeDetectorTests
{
    private readonly SecurityCodeDetector detector = new();

    [Theory]
    [InlineData("the CVV is 123", "123")]
    [InlineData("cvc: one two three.", "one two three.")]
    [InlineData("security code one twenty three", "one twenty three")]
    [InlineData("the three digits on the back are seven seven one", "seven seven one")]
    [InlineData("and the code on the back of the card is 4321", "4321")]
    [InlineData("קוד אבטחה 123", "123")]
    [InlineData("שלוש הספרות בגב הכרטיס הן שבע שמונה תשע", "שבע שמונה תשע")]
    [InlineData("הספרות בגב אחת שתיים שלוש", "אחת שתיים שלוש")]
    [InlineData("cvv double five seven", "double five seven")]
    [InlineData("the security code is one eight seven three", "one eight seven three")] // four digits said one by one: all four
    [InlineData("קוד האבטחה אחת שמונה שבע שלוש", "אחת שמונה שבע שלוש")]
    [InlineData("and the last three digits? nine nine one", "nine nine one")]
    [InlineData("ושלוש הספרות האחרונות מאחורי הכרטיס? 991", "991")]
    public void FindsTheCodeAfterItsCue(string said, string code) => detector.Found(said).ShouldBe([code]);

    [Theory]
    [InlineData("it is 123 dollars")] // no cue
    [InlineData("the CVV is 12345")] // too long
    [InlineData("the CVV is 12")] // too short
    [InlineData("the cvv, let me look for the card, it is somewhere here in my bag I think, ah here, 123")] // too far
    [InlineData("three items at forty two shekels")]
    public void LeavesOtherNumbers(string said) => detector.Found(said).ShouldBeEmpty();
}
