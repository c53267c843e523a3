using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.UnitTests.Redaction;

public sealed class AudioWindowsTests
{
    [Fact]
    public void AddsTheQuarterSecondMarginOnBothSides()
    {
        AudioWindows.Cover([new AudioWindow(10, 11)]).ShouldBe([new AudioWindow(9.75, 11.25)]);
    }

    [Fact]
    public void ClampsAtTheStart()
    {
        AudioWindows.Cover([new AudioWindow(0.1, 0.5)]).ShouldBe([new AudioWindow(0, 0.75)]);
    }

    [Fact]
    public void MergesOverlappingAndTouchingWindowsInAnyOrder()
    {
        var covered = AudioWindows.Cover([new AudioWindow(5, 6), new AudioWindow(1, 2), new AudioWindow(1.5, 3), new AudioWindow(6.5, 7), new AudioWindow(20, 21)]);

        covered.ShouldBe([new AudioWindow(0.75, 3.25), new AudioWindow(4.75, 7.25), new AudioWindow(19.75, 21.25)]);
    }

    [Fact]
    public void KeepsWindowsApartWhenTheirMarginsDoNotMeet()
    {
        AudioWindows.Cover([new AudioWindow(1, 2), new AudioWindow(2.51, 3)]).Count.ShouldBe(2);
    }

    [Fact]
    public void TakesAReversedWindowAsTheStretchBetweenItsTimesAndAPointAsHalfASecond()
    {
        AudioWindows.Cover([new AudioWindow(4, 3)]).ShouldBe([new AudioWindow(2.75, 4.25)]);
        AudioWindows.Cover([new AudioWindow(4, 4)]).ShouldBe([new AudioWindow(3.75, 4.25)]);
    }

    [Fact]
    public void NothingToCoverForNoWindows()
    {
        AudioWindows.Cover([]).ShouldBeEmpty();
    }

    [Fact]
    public void RefusesTimesThatAreNotNumbers()
    {
        Should.Throw<ArgumentException>(() => AudioWindows.Cover([new AudioWindow(double.NaN, 1)]));
        Should.Throw<ArgumentException>(() => AudioWindows.Cover([new AudioWindow(1, double.PositiveInfinity)]));
    }
}
