using Recordings.Domain.Calls.Search;

namespace Recordings.Domain.UnitTests.Calls.Search;

public sealed class SearchQueryTests
{
    [Fact]
    public void ReadsWordsPrefixesPhrasesAndNumbers()
    {
        var query = SearchQuery.Parse("refund \"double charge\" cancel* +972-52-123-4567 הלקוח")!;

        query.Terms.Select(t => (t.Kind, string.Join(' ', t.Words))).ShouldBe(
        [
            (SearchTermKind.Word, "refund"),
            (SearchTermKind.Phrase, "double charge"),
            (SearchTermKind.Prefix, "cancel"),
            (SearchTermKind.Number, "972 52 123 4567"),
            (SearchTermKind.Word, "הלקוח"),
        ]);
        query.Terms[3].PhoneForms.ShouldBe(["972521234567", "0521234567"]);
    }

    [Fact]
    public void AGershayimBetweenLettersIsPartOfTheWordNotAPhrase() =>
        SearchQuery.Parse("צה\"ל מילואים")!.Terms.Select(t => t.Words[0]).ShouldBe(["צהל", "מילואימ"]);

    [Fact]
    public void AnUnbalancedQuoteIsIgnored() =>
        SearchQuery.Parse("\"double charge")!.Terms.Select(t => (t.Kind, t.Words[0])).ShouldBe(
            [(SearchTermKind.Word, "double"), (SearchTermKind.Word, "charge")]);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!\"'()*&|:")]
    [InlineData("\u200F\u202B\u2066")]
    [InlineData("\"\"")]
    public void NothingSearchableIsNoSearch(string input) => SearchQuery.Parse(input).ShouldBeNull();

    [Fact]
    public void TsquerySyntaxIsJustWords() =>
        SearchQuery.Parse("a & !b | c:* <-> 'd'; DROP TABLE calls; --")!.Terms.Select(t => t.Words[0])
            .ShouldBe(["a", "b", "c", "d", "drop", "table", "calls"]);

    [Fact]
    public void AHugeInputIsCappedInTermsAndLength()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, 5000).Select(i => "w" + i)))!;

        query.Terms.Count.ShouldBe(SearchQuery.MaxTerms);
    }

    [Fact]
    public void AOneLetterPrefixIsAWord() =>
        SearchQuery.Parse("a* ל*")!.Terms.Select(t => t.Kind).ShouldBe([SearchTermKind.Word, SearchTermKind.Word]);

    [Fact]
    public void DuplicateTermsCountOnce() => SearchQuery.Parse("refund Refund REFUND")!.Terms.Count.ShouldBe(1);

    [Theory]
    [InlineData("לקוח", "הלקוח", true, false)]
    [InlineData("לקוח", "וללקוח", true, false)]
    [InlineData("הלקוח", "לקוח", true, false)]
    [InlineData("לקוח", "לקוח", true, true)]
    [InlineData("לקוחות", "לקוח", false, false)]
    [InlineData("קוח", "בקוח", true, false)]
    public void MatchesAWordExactlyOrThroughItsPrefix(string word, string documentWord, bool matched, bool exact)
    {
        var query = SearchQuery.Parse(word)!;

        var (terms, _) = query.Match(documentWord, SearchText.Tokenize(documentWord));

        terms.Single().ShouldBe(new TermMatch(matched, exact));
    }

    [Fact]
    public void NeverMatchesAStrippedFormAgainstAStrippedForm()
    {
        // לקוח's stripped form קוח is not looked for among the document's stripped forms (בקוח → קוח).
        var (terms, _) = SearchQuery.Parse("הקוח")!.Match("בקוח", SearchText.Tokenize("בקוח"));

        terms.Single().Matched.ShouldBeFalse();
    }

    [Fact]
    public void APhraseMatchesAdjacentWordsAndHighlightsThem()
    {
        var text = "the double charge was a double mistake, charge it back";
        var (terms, matched) = SearchQuery.Parse("\"double charge\"")!.Match(text, SearchText.Tokenize(text));

        terms.Single().ShouldBe(new TermMatch(true, true));
        matched.Select(t => text[t.Start..t.End]).ShouldBe(["double", "charge"]);
    }
}
