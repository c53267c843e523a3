using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class SpokenNumbersTests
{
    [Theory]
    // English, digit by digit and in groups.
    [InlineData("four five eight zero", "4580")]
    [InlineData("oh five", "05")]
    [InlineData("forty two", "42")]
    [InlineData("forty-two", "42")]
    [InlineData("twelve", "12")]
    [InlineData("forty five eighty", "4580")]
    [InlineData("one hundred twenty", "120")]
    [InlineData("a hundred and five", "105")]
    [InlineData("fifteen hundred", "1500")]
    [InlineData("twenty twenty six", "2026")]
    [InlineData("two thousand twenty six", "2026")]
    [InlineData("a thousand", "1000")]
    [InlineData("double five", "55")]
    [InlineData("triple zero", "000")]
    [InlineData("double oh seven", "007")]
    [InlineData("Five, six, seven.", "567")]
    [InlineData("ninety, four", "904")]
    [InlineData("one hundred, five", "1005")]
    [InlineData("חמש, עשר", "510")]
    [InlineData("ארבעים, ושתיים", "402")]
    // Hebrew.
    [InlineData("ארבע חמש שמונה אפס", "4580")]
    [InlineData("אחת ושתיים ושלוש", "123")]
    [InlineData("ארבעים ושתיים", "42")]
    [InlineData("ארבעים שתיים", "402")]
    [InlineData("שתים עשרה", "12")]
    [InlineData("שתיים עשר", "12")]
    [InlineData("שלושה עשר", "13")]
    [InlineData("עשרים", "20")]
    [InlineData("מאה עשרים", "120")]
    [InlineData("מאה ועשרים ושלוש", "123")]
    [InlineData("מאתיים", "200")]
    [InlineData("שלוש מאות", "300")]
    [InlineData("אלפיים עשרים ושש", "2026")]
    [InlineData("חמש עשרים ושש", "526")]
    [InlineData("פעמיים חמש", "55")]
    [InlineData("השלוש", "3")]
    [InlineData("ושמונה", "8")]
    // Written digits and mixes.
    [InlineData("4580", "4580")]
    [InlineData("4580-1234.", "45801234")]
    [InlineData("45 80", "4580")]
    [InlineData("05/26", "0526")]
    [InlineData("4580 twelve thirty four", "45801234")]
    [InlineData("4580 uh 1234", "45801234")]
    [InlineData("4580 אה 1234", "45801234")]
    [InlineData("4580 - 1234", "45801234")]
    [InlineData("4580 ו-1234", "45801234")]
    [InlineData("ב־2026", "2026")]
    [InlineData("123,456,782", "123456782")]
    public void ReadsPhrasesAsDigits(string phrase, string digits) => SpokenNumbers.DigitsOf(phrase).ShouldBe(digits);

    [Theory]
    [InlineData("it costs 199.90 today", "")]
    [InlineData("at 3:30 please", "")]
    [InlineData("oh okay", "")]
    [InlineData("I want the one on the left", "1")]
    [InlineData("a dog", "")]
    [InlineData("forty two shekels and then seven", "42 7")]
    [InlineData("four five, the order, six seven", "45 67")]
    [InlineData("$42", "")]
    [InlineData("1,299 shekels", "")]
    [InlineData("1,299,000 shekels", "")]
    [InlineData("dana@example.com", "")]
    public void LeavesWhatIsNotANumberOut(string phrase, string digits) => SpokenNumbers.DigitsOf(phrase).ShouldBe(digits);

    [Fact]
    public void EachGroupKnowsItsWords()
    {
        var words = "my card is forty five eighty uh 1234-5678 double nine".Split(' ');

        var run = SpokenNumbers.Read(words).ShouldHaveSingleItem();

        run.Digits.ShouldBe("4580123456789 9".Replace(" ", "", StringComparison.Ordinal));
        run.Groups.Select(g => (g.Digits, g.FirstWord, g.LastWord)).ShouldBe(
            [("45", 3, 4), ("80", 5, 5), ("1234", 7, 7), ("5678", 7, 7), ("99", 8, 9)]);
        run.IsAfterFiller(2).ShouldBeTrue();
        run.IsAfterFiller(1).ShouldBeFalse();
        (run.FirstWord, run.LastWord).ShouldBe((3, 9));
    }

    [Fact]
    public void EachDigitKnowsItsWords()
    {
        var run = SpokenNumbers.Read("oh five twenty six".Split(' ')).ShouldHaveSingleItem();

        Enumerable.Range(0, 4).Select(run.WordsOfDigit).ShouldBe([(0, 0), (1, 1), (2, 3), (2, 3)]);
    }

    [Fact]
    public void AWordOfSeveralWordsIsReadWhole() =>
        SpokenNumbers.Read(["my", " forty two", "and five"]).ShouldHaveSingleItem().Groups
            .Select(g => (g.Digits, g.FirstWord, g.LastWord)).ShouldBe([("42", 1, 1), ("5", 2, 2)]);

    [Theory]
    [InlineData("ninety one", "91", "901")]
    [InlineData("חמש עשרה", "15", "510")]
    [InlineData("ארבעים ושתיים", "42", "402")]
    [InlineData("twelve", "12", null)]
    [InlineData("a hundred and five", "105", null)]
    public void ACompoundKnowsItsOtherReading(string said, string digits, string? split)
    {
        var group = SpokenNumbers.Read(said.Split(' ')).ShouldHaveSingleItem().Groups.ShouldHaveSingleItem();

        (group.Digits, group.Split).ShouldBe((digits, split));
    }

    [Fact]
    public void SpansReadCompoundsBothWaysOnlyWhenAsked()
    {
        var run = SpokenNumbers.Read("twelve ninety one".Split(' ')).ShouldHaveSingleItem();

        run.Spans(3, 5).Select(s => s.Digits).ShouldBe(["1291"]);
        run.Spans(3, 5, splits: true).Select(s => s.Digits).ShouldBe(["12901", "1291", "901"]);
    }

    [Fact]
    public void APlusMarksTheGroupAfterIt()
    {
        SpokenNumbers.Read(["plus", "nine", "seven", "two"])[0].Groups[0].Plus.ShouldBeTrue();
        SpokenNumbers.Read(["+972-52"])[0].Groups.Select(g => g.Plus).ShouldBe([true, false]);
    }

    [Fact]
    public void MoreThanTwoFillersInARowEndARun() =>
        SpokenNumbers.Read("one two uh um and three".Split(' ')).Select(r => r.Digits).ShouldBe(["12", "3"]);

    [Fact]
    public void SpansAreWholeGroupsLongestFirst()
    {
        var run = SpokenNumbers.Read("12 34 5".Split(' ')).ShouldHaveSingleItem();

        run.Spans(3, 5).Select(s => s.Digits).ShouldBe(["12345", "1234", "345"]);
    }
}
