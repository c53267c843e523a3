using Recordings.Domain.Calls;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.UnitTests.Transcription;

public sealed class WordTimingsTests
{
    private static TranscriptSegment Segment(double start, double end, string text) => new(start, end, null, text);

    private static string[]? Texts(TranscriptSegment segment) => segment.Words?.Select(w => w.Text).ToArray();

    [Fact]
    public void AWordBelongsToTheSegmentHoldingItsMiddle()
    {
        TranscriptSegment[] segments = [Segment(0, 2, "a b"), Segment(2, 4, "c d")];

        var result = WordTimings.Assign(segments, [(0.1, 0.9, "a"), (1.5, 2.4, "b"), (1.9, 2.5, "c"), (3.0, 3.9, "d")]);

        // b's middle (1.95) is in the first segment, c's (2.2) in the second.
        result.Select(Texts).ShouldBe([["a", "b"], ["c", "d"]]);
        result[0].Text.ShouldBe("a b");
        result[0].StartSeconds.ShouldBe(0);
    }

    [Fact]
    public void AWordOutsideEverySegmentGoesToTheNearest_TheEarlierOnATie()
    {
        TranscriptSegment[] segments = [Segment(1, 2, "x"), Segment(4, 5, "y"), Segment(7, 8, "z")];

        var result = WordTimings.Assign(segments,
        [
            (0.0, 0.2, "before"), // before the first
            (2.2, 2.6, "near-x"), // 2.4: 0.4 after x, 1.6 before y
            (3.3, 3.7, "near-y"), // 3.5: 1.5 after x, 0.5 before y
            (5.4, 5.6, "tie"), // 5.5: 0.5 after y, 1.5 before z
            (5.9, 6.1, "tie-exact"), // 6.0: 1.0 after y, 1.0 before z
            (9.0, 9.5, "after"), // after the last
        ]);

        result.Select(Texts).ShouldBe([["before", "near-x"], ["near-y", "tie", "tie-exact"], ["after"]]);
    }

    [Fact]
    public void SegmentsGivenNoWordKeepNull_AndWithoutWordsNothingChanges()
    {
        TranscriptSegment[] segments = [Segment(0, 1, "a"), Segment(5, 6, "b"), Segment(10, 11, "c")];

        WordTimings.Assign(segments, []).ShouldBeSameAs(segments);
        var result = WordTimings.Assign(segments, [(0.2, 0.4, "a"), (10.1, 10.5, "c")]);

        result.Select(Texts).ShouldBe([["a"], null, ["c"]]);
    }

    [Fact]
    public void UnusableWordsAreLeftOut_TimesRoundedAndOrdered()
    {
        TranscriptSegment[] segments = [Segment(0, 10, "a b c")];

        var result = WordTimings.Assign(segments,
        [
            (2.0, 2.5, " c "),
            (0.30000001192092896, 0.7599999904632568, "a"),
            (1.0, 1.5, "b"),
            (1.0, 1.2, null),
            (1.0, 1.2, "  "),
            (double.NaN, 1.2, "nan"),
            (1.0, double.PositiveInfinity, "inf"),
            (-0.5, 0.2, "negative"),
            (3.0, 2.0, "backwards"),
        ]);

        result.ShouldHaveSingleItem().Words.ShouldBe(
            [new TranscriptWord(0.3, 0.76, "a"), new TranscriptWord(1.0, 1.5, "b"), new TranscriptWord(2.0, 2.5, "c")]);
    }

    [Fact]
    public void OverlappingOrUnorderedSegmentsStillGetTheirWords()
    {
        // A long segment overlapping a short one that starts inside it; listed out of order.
        TranscriptSegment[] segments = [Segment(3, 4, "short"), Segment(0, 10, "long")];

        var result = WordTimings.Assign(segments, [(1.0, 1.2, "early"), (3.4, 3.6, "inside"), (6.0, 6.4, "late")]);

        result[0].Words.ShouldNotBeNull().Select(w => w.Text).ShouldBe(["inside"]);
        result[1].Words.ShouldNotBeNull().Select(w => w.Text).ShouldBe(["early", "late"]);
    }

    [Fact]
    public void NoSegments_NoWordsAnywhere()
    {
        WordTimings.Assign([], [(0.0, 1.0, "lost")]).ShouldBeEmpty();
    }
}
