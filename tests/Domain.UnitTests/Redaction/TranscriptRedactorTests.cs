using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;

using Removed = Recordings.Domain.Redaction.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class TranscriptRedactorTests
{
    private const string Sid = "RE0123456789abcdef0123456789abcdef";

    /// <summary>A segment whose words are its text's words, one every half second from <paramref name="start"/>.</summary>
    private static TranscriptSegment Timed(double start, string speaker, string text)
    {
        var words = text.Split(' ').Select((w, i) => new TranscriptWord(start + (i * 0.5), start + (i * 0.5) + 0.4, w)).ToArray();
        return new TranscriptSegment(start, words[^1].EndSeconds, speaker, text, Sid, words);
    }

    private static RedactedTranscript Redact(params TranscriptSegment[] segments) =>
        TranscriptRedactor.Redact(Sid, segments, RedactedEntities.All);

    [Fact]
    public void ReplacesTheWordsByOnePlaceholderAndSaysWhen()
    {
        var result = Redact(Timed(10, Speakers.Customer, "my card is 4580 1234 5678 9015 thanks"));

        var segment = result.Segments.ShouldHaveSingleItem();
        segment.Text.ShouldBe("my card is [card] thanks");
        segment.Words!.Select(w => w.Text).ShouldBe(["my", "card", "is", "[card]", "thanks"]);
        segment.Words![3].ShouldBe(new TranscriptWord(11.5, 13.4, "[card]"));
        (segment.StartSeconds, segment.EndSeconds, segment.Speaker, segment.RecordingSid).ShouldBe((10, 13.9, Speakers.Customer, Sid));
        result.Redactions.ShouldBe([new Removed(Sid, 11.5, 13.4, RedactedEntity.Card)]);
    }

    [Fact]
    public void ReadsANumberAcrossTheSpeakersSegmentsEvenWithTheOtherSpeakerBetween()
    {
        var result = Redact(
            Timed(0, Speakers.Customer, "my card is 4580 1234"),
            Timed(2.6, Speakers.Agent, "uh huh"),
            Timed(3.5, Speakers.Customer, "5678 9015 thanks"));

        result.Segments.Select(s => s.Text).ShouldBe(["my card is [card]", "uh huh", "[card] thanks"]);
        result.Redactions.ShouldBe(
        [
            new Removed(Sid, 1.5, 2.4, RedactedEntity.Card),
            new Removed(Sid, 3.5, 4.4, RedactedEntity.Card),
        ]);
    }

    [Fact]
    public void NeverReadsANumberAcrossSpeakers()
    {
        var segments = new[]
        {
            Timed(0, Speakers.Customer, "4580 1234 5678"),
            Timed(1.6, Speakers.Agent, "9015"),
        };

        var result = Redact(segments);

        result.Segments.ShouldBe(segments);
        result.Redactions.ShouldBeEmpty();
    }

    [Fact]
    public void APauseLongerThanTheGapEndsTheNumber()
    {
        var result = Redact(
            Timed(0, Speakers.Customer, "4580 1234"),
            Timed(10, Speakers.Customer, "5678 9015"));

        result.Redactions.ShouldBeEmpty();
    }

    [Fact]
    public void ASegmentWithoutWordsIsRedactedInItsTextOverItsWholeSpan()
    {
        var segment = new TranscriptSegment(20, 26, Speakers.Customer, "My ID is 123 456 782, thanks.", Sid);

        var result = Redact(segment);

        result.Segments.ShouldBe([segment with { Text = "My ID is [israeliId], thanks." }]);
        result.Segments[0].Words.ShouldBeNull();
        result.Redactions.ShouldBe([new Removed(Sid, 20, 26, RedactedEntity.IsraeliId)]);
    }

    [Fact]
    public void ACardSplitAcrossSegmentsWithoutWordsIsRedactedInBoth()
    {
        var result = Redact(
            new TranscriptSegment(0, 4, null, "הכרטיס שלי 4580 1234"),
            new TranscriptSegment(4.5, 8, null, "5678 9015 ותוקף 05/26"));

        result.Segments.Select(s => s.Text).ShouldBe(["הכרטיס שלי [card]", "[card] ותוקף [expiry]"]);
        result.Redactions.ShouldBe(
        [
            new Removed(Sid, 0, 4, RedactedEntity.Card),
            new Removed(Sid, 4.5, 8, RedactedEntity.Card),
            new Removed(Sid, 4.5, 8, RedactedEntity.Expiry),
        ]);
    }

    [Fact]
    public void KeepsTheTextsPunctuationWhenTheWordsHaveNone()
    {
        var words = new[] { "My", "card", "is", "4580-1234-5678-9015", "thanks" }
            .Select((w, i) => new TranscriptWord(i, i + 0.5, w)).ToArray();
        var segment = new TranscriptSegment(0, 5, Speakers.Customer, "My card is 4580-1234-5678-9015, thanks.", Sid, words);

        Redact(segment).Segments[0].Text.ShouldBe("My card is [card], thanks.");
    }

    [Fact]
    public void RebuildsTheTextFromTheWordsWhenTheyDoNotMatchIt()
    {
        var words = "four five eight zero one two three four five six seven eight nine zero one five".Split(' ')
            .Select((w, i) => new TranscriptWord(i, i + 0.5, w)).ToArray();
        var segment = new TranscriptSegment(0, 16, Speakers.Customer, "4580 1234 5678 9015", Sid, words);

        var result = Redact(segment);

        result.Segments[0].Text.ShouldBe("[card]");
        result.Redactions.ShouldBe([new Removed(Sid, 0, 15.5, RedactedEntity.Card)]);
    }

    [Fact]
    public void TheAgentsQuestionIsTheContextOfTheCustomersAnswer()
    {
        var result = Redact(
            Timed(0, Speakers.Agent, "and what is the CVV?"),
            Timed(3, Speakers.Customer, "one two three"));

        result.Segments.Select(s => s.Text).ShouldBe(["and what is the CVV?", "[cvv]"]);
        result.Redactions.ShouldBe([new Removed(Sid, 3, 4.4, RedactedEntity.Cvv)]);
    }

    [Fact]
    public void TheOtherSpeakersCueCountsWithoutWordTimesToo()
    {
        var result = Redact(
            new TranscriptSegment(0, 2, Speakers.Agent, "מה מספר תעודת הזהות שלך?"),
            new TranscriptSegment(2.5, 6, Speakers.Customer, "34567891"));

        result.Segments.Select(s => s.Text).ShouldBe(["מה מספר תעודת הזהות שלך?", "[israeliId]"]);
        result.Redactions.ShouldBe([new Removed(Sid, 2.5, 6, RedactedEntity.IsraeliId)]);
    }

    [Fact]
    public void TheOtherSpeakersCueLongBeforeDoesNotCount()
    {
        var result = Redact(
            new TranscriptSegment(0, 2, Speakers.Agent, "what is your ID?"),
            new TranscriptSegment(30, 32, Speakers.Customer, "34567891"));

        result.Redactions.ShouldBeEmpty();
    }

    [Fact]
    public void RedactsEveryEntityOfAPaymentOnePlaceholderEach()
    {
        var result = Redact(Timed(0, Speakers.Customer,
            "card 4580 1234 5678 9015 expires oh five twenty six cvv 123 and my ID is 123456782 phone 052-1234567 email dana at gmail dot com"));

        result.Segments[0].Text.ShouldBe("card [card] expires [expiry] cvv [cvv] and my ID is [israeliId] phone [phone] email [email]");
        result.Redactions.Select(r => r.Entity).ShouldBe(
            [RedactedEntity.Card, RedactedEntity.Expiry, RedactedEntity.Cvv, RedactedEntity.IsraeliId, RedactedEntity.Phone, RedactedEntity.Email]);
    }

    [Fact]
    public void OnlyTheChosenEntitiesAreRedacted()
    {
        var segment = Timed(0, Speakers.Customer, "card 4580 1234 5678 9015 phone 0521234567");

        var result = TranscriptRedactor.Redact(Sid, [segment], [RedactedEntity.Phone]);

        result.Segments[0].Text.ShouldBe("card 4580 1234 5678 9015 phone [phone]");
        TranscriptRedactor.Redact(Sid, [segment], []).Segments.ShouldBe([segment]);
    }

    [Fact]
    public void TheCardWinsOverTheNumbersInsideIt()
    {
        var result = Redact(Timed(0, Speakers.Customer, "4580 1234 5678 9015"));

        result.Redactions.ShouldHaveSingleItem().Entity.ShouldBe(RedactedEntity.Card);
    }

    [Fact]
    public void OrdinaryNumbersStay()
    {
        var segments = new[]
        {
            Timed(0, Speakers.Customer, "it was forty two shekels and the other one 199.90"),
            Timed(6, Speakers.Agent, "your order number is 4581 2 and delivery at three thirty"),
            Timed(12, Speakers.Customer, "I need twelve boxes, ordered on 05/26 for 3 people"),
            new TranscriptSegment(20, 25, null, "מחיר מאה עשרים ותשעה שקלים, הזמנה 12345"),
        };

        var result = Redact(segments);

        result.Segments.ShouldBe(segments);
        result.Redactions.ShouldBeEmpty();
    }

    [Fact]
    public void NoDigitOfARedactedEntityRemains()
    {
        var segments = new[]
        {
            Timed(0, Speakers.Customer, "the card is 4580-1234,"),
            new TranscriptSegment(3.5, 6, Speakers.Customer, "5678 uh 9015 and the security code 777"),
            Timed(6.5, Speakers.Customer, "תעודת זהות 123 456 782 טלפון אפס חמש שתיים 123 45 67"),
        };

        var result = Redact(segments);

        result.Segments.Select(s => s.Text).ShouldBe(
        [
            "the card is [card],",
            "[card] and the security code [cvv]",
            "תעודת זהות [israeliId] טלפון [phone]",
        ]);
        result.Segments.SelectMany(s => s.Words ?? []).ShouldAllBe(w => !w.Text.Any(char.IsDigit));
    }
}
