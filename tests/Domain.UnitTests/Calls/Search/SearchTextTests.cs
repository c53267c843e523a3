using Recordings.Domain.Calls.Search;

namespace Recordings.Domain.UnitTests.Calls.Search;

public sealed class SearchTextTests
{
    private static string[] Forms(string text) => [.. SearchText.Tokenize(text).Select(t => t.Form)];

    [Theory]
    [InlineData("צה\"ל", "צהל")]
    [InlineData("צה״ל", "צהל")]
    [InlineData("צהל", "צהל")]
    [InlineData("ג'ירפה", "גירפה")]
    [InlineData("ג׳ירפה", "גירפה")]
    [InlineData("שָׁלוֹם", "שלומ")]
    [InlineData("בְּרֵאשִׁ֖ית", "בראשית")]
    [InlineData("ארץ", "ארצ")]
    [InlineData("דרך", "דרכ")]
    [InlineData("Hello", "hello")]
    [InlineData("CAFÉ", "cafe")]
    [InlineData("don't", "dont")]
    [InlineData("\u200Fלקוח\u200E", "לקוח")]
    public void NormalizesOneWord(string text, string form) => Forms(text).ShouldBe([form]);

    [Fact]
    public void SplitsOnWhitespacePunctuationHyphenAndMaqaf() =>
        Forms("בית־ספר, well-known: 052-123 (test)!").ShouldBe(["בית", "ספר", "well", "known", "052", "123", "test"]);

    [Fact]
    public void KnowsWhereEachWordIsInTheOriginalText()
    {
        var text = "אמר: צה\"ל, שָׁלוֹם";
        var tokens = SearchText.Tokenize(text);

        tokens.Select(t => text[t.Start..t.End]).ShouldBe(["אמר", "צה\"ל", "שָׁלוֹם"]);
    }

    [Fact]
    public void AQuoteAtAWordsEdgeIsPunctuation() => Forms("\"שלום\" 'hi'").ShouldBe(["שלומ", "hi"]);

    [Fact]
    public void OnlyPunctuationHasNoWords() => Forms("?!.,;:-־\"'״׳ ()").ShouldBeEmpty();

    [Fact]
    public void CutsVeryLongWords() => Forms(new string('a', 500)).Single().Length.ShouldBe(SearchText.MaxWordLength);

    [Theory]
    [InlineData("הלקוח", "לקוח")]
    [InlineData("וללקוח", "לקוח")]
    [InlineData("וללקוח", "ללקוח")]
    [InlineData("שהלקוח", "לקוח")]
    [InlineData("כשהלקוח", "לקוח")]
    [InlineData("מהבנק", "בנק")]
    public void AHebrewWordAlsoStandsForItselfWithoutItsPrefix(string word, string variant) =>
        SearchText.Variants(word).ShouldContain(variant);

    [Theory]
    [InlineData("הלך")]
    [InlineData("בית")]
    [InlineData("customer")]
    [InlineData("2024")]
    public void NoVariantShorterThanThreeLettersAndNoneOutsideHebrew(string word) =>
        SearchText.Variants(SearchText.NormalizeWord(word)!).ShouldBeEmpty();

    [Theory]
    [InlineData("+972521234567", new[] { "972521234567", "0521234567" })]
    [InlineData("+15550100100", new[] { "15550100100" })]
    [InlineData("052-123-4567", new[] { "0521234567" })]
    [InlineData("client:alice", new string[0])]
    [InlineData("sip:agent@example.com", new string[0])]
    [InlineData(null, new string[0])]
    public void PhoneNumbersAreTheirDigits(string? party, string[] forms) => SearchText.PhoneForms(party).ShouldBe(forms);
}
