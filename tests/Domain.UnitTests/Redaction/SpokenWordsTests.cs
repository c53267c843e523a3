using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class SpokenWordsTests
{
    [Theory]
    [InlineData("Five,", "five")]
    [InlineData("(4580-1234.", "4580-1234")]
    [InlineData("+972", "+972")]
    [InlineData("שְׁתַּיִם", "שתימ")]
    [InlineData("ג'ימייל", "גימייל")]
    [InlineData("ת\"ז", "תז")]
    [InlineData("\u200Fשלוש\u200E", "שלוש")]
    [InlineData("...", "")]
    [InlineData("dana@example.com.", "dana@example.com")]
    public void Normalizes(string word, string form) => SpokenWords.Normalize(word).ShouldBe(form);

    [Theory]
    [InlineData("בגב", "גב", true)]
    [InlineData("הכרטיס", "כרטיס", true)]
    [InlineData("שבהכרטיס", "כרטיס", false)]
    [InlineData("cards", "card", false)]
    public void MatchesAHebrewWordBehindItsPrefix(string form, string word, bool matches) =>
        SpokenWords.Matches(form, SpokenWords.Normalize(word)).ShouldBe(matches);
}
