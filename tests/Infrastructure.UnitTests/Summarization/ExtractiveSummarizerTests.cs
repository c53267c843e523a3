using Recordings.Domain.Calls;
using System.Globalization;

using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Summarization;

namespace Recordings.Infrastructure.UnitTests.Summarization;

public sealed class ExtractiveSummarizerTests
{
    private const string SupportCall =
        "Hello, thanks for calling Acme support. Hi, I'm calling about my washing machine. "
        + "The washing machine stopped spinning after two weeks. I see. Can I have your order number? Sure, it's 4471. "
        + "The order shows a washing machine delivered on May third. Okay. "
        + "We will send a technician to repair the washing machine on Monday. Thank you, bye.";

    private static ExtractiveSummarizer NewSummarizer(int maxSentences = 3) =>
        new(Options.Create(new ExtractiveSummarizerOptions { MaxSentences = maxSentences }));

    private static Transcript TextOnly(string text, string? language = "en") => new(language, text, []);

    [Fact]
    public async Task PicksTheMostInformativeSentencesInTheirOrder()
    {
        // Ten sentences: two are picked. "washing machine" is the call's topic; the greetings, "I see", "Okay" and
        // the thanks carry nothing.
        var summary = await NewSummarizer().SummarizeAsync(TextOnly(SupportCall), CancellationToken.None);

        summary.ShouldBe(
            "The washing machine stopped spinning after two weeks. "
            + "The order shows a washing machine delivered on May third.");
    }

    [Fact]
    public void TheSettingCapsTheNumberOfSentences()
    {
        NewSummarizer(maxSentences: 1).Summarize(TextOnly(SupportCall))
            .ShouldBe("The order shows a washing machine delivered on May third.");
    }

    [Fact]
    public void IsTheSameEveryTimeAndInEveryCulture()
    {
        var expected = NewSummarizer().Summarize(TextOnly(SupportCall));
        var original = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "tr-TR", "he-IL", "de-DE", "" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                for (var run = 0; run < 3; run++)
                {
                    NewSummarizer().Summarize(TextOnly(SupportCall)).ShouldBe(expected, culture);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void TextWithoutPunctuationIsTakenASegmentPerSentence()
    {
        // As pocketsphinx writes it: lower case, no punctuation, an utterance per segment.
        TranscriptSegment[] segments =
        [
            new(0.5, 1.2, null, "hello"),
            new(1.9, 4.0, null, "i am calling about the invoice for the printer"),
            new(4.6, 5.1, null, "yes"),
            new(5.5, 8.2, null, "the printer invoice was charged twice this month"),
            new(8.9, 9.3, null, "okay"),
            new(9.8, 12.0, null, "we will refund the second printer charge"),
            new(12.5, 13.0, null, "thank you"),
        ];
        var transcript = new Transcript("en", string.Join(' ', segments.Select(s => s.Text)), segments);

        NewSummarizer().Summarize(transcript).ShouldBe(
            "the printer invoice was charged twice this month. we will refund the second printer charge.");
    }

    [Fact]
    public void SegmentsAreUsedWhenTheTextIsMissing()
    {
        var transcript = new Transcript("en", "", [new(0, 2, null, "The parcel never arrived."), new(2, 3, null, "Hmm.")]);

        NewSummarizer().Summarize(transcript).ShouldBe("The parcel never arrived.");
    }

    [Fact]
    public void WorksOnHebrew()
    {
        const string call =
            "שלום, תודה שהתקשרת לשירות הלקוחות. אני רוצה לבטל את ההזמנה שלי. "
            + "ההזמנה הגיעה שבורה והמסך לא נדלק. בסדר. אני מבטלת את ההזמנה ומחזירה את הכסף לכרטיס. תודה רבה, יום טוב.";

        var summary = NewSummarizer().Summarize(TextOnly(call, "he"));

        summary.ShouldBe("ההזמנה הגיעה שבורה והמסך לא נדלק. אני מבטלת את ההזמנה ומחזירה את הכסף לכרטיס.");
    }

    [Fact]
    public void HebrewWordsKeepTheirPointsAndAcronyms()
    {
        TextTokens.Words("צה\"ל הוֹדִיעַ: don't STOP, 3.5 ש'").ShouldBe(["צה\"ל", "הוֹדִיעַ", "don't", "stop", "3", "5", "ש"]);
    }

    [Fact]
    public void SplitsSentencesAtTheirEndsOnly()
    {
        TextTokens.SplitSentences("It costs 3.5 dollars! Really?! He said \"fine.\" Done\nnext line")
            .ShouldBe(["It costs 3.5 dollars!", "Really?!", "He said \"fine.\"", "Done", "next line"]);
    }

    [Fact]
    public void ALongUnpunctuatedMonologueIsCutIntoPieces()
    {
        // Sixty words, three of them informative (words 26 to 28): three pieces of twenty, the second one picked.
        var words = Enumerable.Repeat("the", 60).ToArray();
        (words[25], words[26], words[27]) = ("refund", "broken", "screen");
        var transcript = new Transcript("en", string.Join(' ', words), [new(0, 30, null, "x")]);

        var summary = NewSummarizer().Summarize(transcript);

        summary.ShouldBe(string.Join(' ', words[20..40]) + ".");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("... ?! -")]
    public void NoWordsGiveAnEmptySummary(string text)
    {
        NewSummarizer().Summarize(TextOnly(text)).ShouldBe("");
        NewSummarizer().Summarize(new Transcript(null, text, [new(0, 1, null, text)])).ShouldBe("");
    }

    [Fact]
    public async Task OneSentenceIsItsOwnSummaryAndTheProviderIsNamed()
    {
        var summarizer = NewSummarizer();

        summarizer.Provider.ShouldBe("extractive");
        (await summarizer.SummarizeAsync(TextOnly("Please call me back tomorrow"), CancellationToken.None))
            .ShouldBe("Please call me back tomorrow.");
    }

    [Fact]
    public void AnInvalidMaximumIsRefused()
    {
        Should.Throw<ArgumentException>(() => NewSummarizer(maxSentences: 0)).Message.ShouldContain("MaxSentences");
    }
}
