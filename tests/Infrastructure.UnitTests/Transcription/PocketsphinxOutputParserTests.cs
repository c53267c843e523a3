using Recordings.Domain.Calls;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.UnitTests.Transcription;

public sealed class PocketsphinxOutputParserTests
{
    [Fact]
    public void EachUtteranceIsASegmentSpanningItsWords_WithoutFillersOrPronunciationMarks()
    {
        // What pocketsphinx_continuous -time yes printed for goforward.raw, two seconds of silence, and again.
        string[] lines =
        [
            "go forward ten meters",
            "<s> 0.000 0.240 1.000000",
            "<sil> 0.250 0.450 0.706282",
            "go 0.460 0.630 0.997303",
            "forward 0.640 1.160 0.996207",
            "ten 1.170 1.520 0.243981",
            "meters 1.530 2.110 0.806360",
            "</s> 2.120 2.600 1.000000",
            "go forward ten meters",
            "<s> 4.890 5.250 1.000100",
            "go 5.260 5.420 0.999400",
            "[NOISE] 5.420 5.430 0.100000",
            "forward(2) 5.430 5.960 0.997603",
            "++UM++ 5.960 5.965 0.100000",
            "ten 5.970 6.320 0.423289",
            "meters 6.330 6.910 0.950748",
            "</s> 6.920 7.400 1.000000",
        ];

        var segments = PocketsphinxOutputParser.ToSegments(lines);

        segments.Count.ShouldBe(2);
        segments[0].ShouldBe(new TranscriptSegment(0.46, 2.11, null, "go forward ten meters", Words: segments[0].Words));
        segments[0].Words.ShouldBe(
        [
            new TranscriptWord(0.46, 0.63, "go"), new TranscriptWord(0.64, 1.16, "forward"),
            new TranscriptWord(1.17, 1.52, "ten"), new TranscriptWord(1.53, 2.11, "meters"),
        ]);
        segments[1].StartSeconds.ShouldBe(5.26);
        segments[1].EndSeconds.ShouldBe(6.91);
        segments[1].Text.ShouldBe("go forward ten meters");
        segments[1].Words.ShouldNotBeNull().Select(w => w.Text).ShouldBe(["go", "forward", "ten", "meters"]);
        segments[1].Words![1].ShouldBe(new TranscriptWord(5.43, 5.96, "forward"));
    }

    [Fact]
    public void AnUtteranceOfFillersOnlyGivesNoSegment()
    {
        string[] lines =
        [
            "",
            "<s> 0.000 0.240 1.000000",
            "<sil> 0.250 0.900 0.706282",
            "</s> 0.910 1.000 1.000000",
            "hello",
            "<s> 3.000 3.100 1.000000",
            "hello 3.100 3.500 0.900000",
            "</s> 3.510 3.600 1.000000",
        ];

        var segment = PocketsphinxOutputParser.ToSegments(lines).ShouldHaveSingleItem();

        (segment.StartSeconds, segment.EndSeconds, segment.Text).ShouldBe((3.1, 3.5, "hello"));
        segment.Words.ShouldBe([new TranscriptWord(3.1, 3.5, "hello")]);
    }

    [Fact]
    public void APathWithoutAHypothesisLineStillStartsAnUtteranceAtItsStartMarker()
    {
        // pocketsphinx prints the path even when it has no hypothesis to print before it.
        string[] lines =
        [
            "one two",
            "<s> 0.000 0.100 1.000000", "one 0.100 0.400 0.9", "two 0.400 0.800 0.9", "</s> 0.800 0.900 1.0",
            "<s> 2.000 2.100 1.000000", "three 2.100 2.500 0.9", "</s> 2.500 2.600 1.0",
        ];

        PocketsphinxOutputParser.ToSegments(lines).Select(s => (s.Text, s.StartSeconds, s.EndSeconds))
            .ShouldBe([("one two", 0.1, 0.8), ("three", 2.1, 2.5)]);
    }

    [Fact]
    public void LinesThatAreNotWordTimesOnlySeparateUtterances()
    {
        string[] lines =
        [
            "go 0.460 0.630", // too few fields: a hypothesis, not a word
            "go 0.460 0.630 0.99",
            "forward 1,16 1,20 0.99", // not times: a hypothesis too, whose words are not counted
            "ten 1.170 1.520 0.24",
        ];

        var segments = PocketsphinxOutputParser.ToSegments(lines);

        segments.Select(s => s.Text).ShouldBe(["go", "ten"]);
        segments[0].Words.ShouldBe([new TranscriptWord(0.46, 0.63, "go")]);
        segments[1].Words.ShouldBe([new TranscriptWord(1.17, 1.52, "ten")]);
    }

    [Theory]
    [InlineData("result(2)", "result")]
    [InlineData("read", "read")]
    [InlineData("<sil>", null)]
    [InlineData("</s>", null)]
    [InlineData("[NOISE]", null)]
    [InlineData("++UM++", null)]
    [InlineData("(2)", "(2)")]
    public void CleansAWordOfThePath(string token, string? expected)
    {
        PocketsphinxOutputParser.CleanWord(token).ShouldBe(expected);
    }
}
