using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.UnitTests;

internal static class TestData
{
    public const string CallSid = "CA0123456789abcdef0123456789abcdef";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string OtherAccountSid = "ACfedcba9876543210fedcba9876543210";
    public const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    public const string OtherRecordingSid = "REfedcba9876543210fedcba9876543210";
    public const string TwilioRecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The current viewer: <paramref name="viewer"/>.</summary>
    public static ICurrentViewer CurrentViewer(Viewer viewer)
    {
        var current = Substitute.For<ICurrentViewer>();
        current.GetAsync(Arg.Any<CancellationToken>()).Returns(viewer);
        return current;
    }

    /// <summary>A unit of work whose transaction just runs the work.</summary>
    public static IUnitOfWork PassThroughUnitOfWork()
    {
        var unitOfWork = Substitute.For<IUnitOfWork>();
        unitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<bool>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<bool>>>()(CancellationToken.None));
        unitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<(bool, bool)>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<(bool, bool)>>>()(CancellationToken.None));
        return unitOfWork;
    }
}
