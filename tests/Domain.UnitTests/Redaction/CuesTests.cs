using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class CuesTests
{
    private static (CueKind, string)[] Found(string said)
    {
        var words = said.Split(' ');
        return [.. Cues.Find(words).Select(c => (c.Kind, string.Join(' ', words[c.FirstWord..(c.LastWord + 1)])))];
    }

    [Theory]
    [InlineData("what is the CVV?", CueKind.SecurityCode, "CVV?")]
    [InlineData("and the security code", CueKind.SecurityCode, "security code")]
    [InlineData("מה קוד האבטחה", CueKind.SecurityCode, "קוד האבטחה")]
    [InlineData("it expires", CueKind.Expiry, "expires")]
    [InlineData("valid until", CueKind.Expiry, "valid until")]
    [InlineData("בתוקף עד", CueKind.Expiry, "בתוקף עד")]
    [InlineData("my I.D. is", CueKind.Identity, "I.D.")]
    [InlineData("ת.ז.", CueKind.Identity, "ת.ז.")]
    [InlineData("ת\"ז", CueKind.Identity, "ת\"ז")]
    [InlineData("מספר תעודת הזהות", CueKind.Identity, "תעודת הזהות")]
    [InlineData("my mobile", CueKind.Phone, "mobile")]
    [InlineData("הטלפון שלי", CueKind.Phone, "הטלפון")]
    [InlineData("the credit", CueKind.Card, "credit")]
    [InlineData("בכרטיס", CueKind.Card, "בכרטיס")]
    public void FindsACue(string said, CueKind kind, string words) => Found(said).ShouldContain((kind, words));

    [Fact]
    public void FindsTheLongestPhraseOfEachKind() =>
        Found("שלוש הספרות בגב הכרטיס").ShouldBe(
        [
            (CueKind.SecurityCode, "שלוש הספרות"),
            (CueKind.SecurityCode, "הספרות בגב"),
            (CueKind.SecurityCode, "בגב הכרטיס"),
            (CueKind.Card, "הכרטיס"),
        ]);

    [Theory]
    [InlineData("I'd like to pay")]
    [InlineData("thanks a lot")]
    [InlineData("ok")]
    public void FindsNoCueInOrdinaryWords(string said) => Found(said).ShouldBeEmpty();

    [Fact]
    public void EveryCueKindHasAWordThatStandsForIt() =>
        Enum.GetValues<CueKind>().Select(k => Cues.Find([Cues.WordFor(k)]).ShouldHaveSingleItem().Kind).ShouldBe(Enum.GetValues<CueKind>());
}
