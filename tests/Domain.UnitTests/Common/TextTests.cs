using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Common;

public sealed class TextTests
{
    [Fact]
    public void AnEmojiAtTheCutIsLeftOutWholeNotSplitIntoALoneSurrogate()
    {
        // 510 letters and an emoji (two UTF-16 units): a cut at 511 would keep its high surrogate alone.
        var value = new string('a', 510) + "\U0001F600";

        var cut = Text.Cut(value, 511)!;

        cut.ShouldBe(new string('a', 510));
        char.IsSurrogate(cut[^1]).ShouldBeFalse();
    }

    [Fact]
    public void ALetterIsNotCutFromItsCombiningMarks()
    {
        // "e" + combining acute accent is one text element of two units.
        var value = "abc" + "e\u0301" + "f";

        Text.Cut(value, 4).ShouldBe("abc");
        Text.Cut(value, 5).ShouldBe("abce\u0301");
    }

    [Fact]
    public void HebrewAndShortTextIsKeptAsItIs()
    {
        Text.Cut("שלום", 10).ShouldBe("שלום");
        Text.Cut("שלום עולם", 4).ShouldBe("שלום");
        Text.Cut(null, 4).ShouldBeNull();
    }

    [Fact]
    public void OneTextElementLongerThanTheAllowanceIsCutBetweenCodePoints()
    {
        var value = "a" + string.Concat(Enumerable.Repeat("\u0301", 20));

        Text.Cut(value, 8).ShouldBe(value[..8]);
    }
}
