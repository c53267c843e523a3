using Recordings.Testing;
using Recordings.Application.Calls.Queries.GetCall;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.UnitTests.Calls;

public sealed class GetCallQueryHandlerTests
{
    private static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000a");

    private static readonly Viewer Admin = Viewers.AdminOf(BusinessId);
    private readonly ICallReadRepository _calls = Substitute.For<ICallReadRepository>();
    private readonly GetCallQueryHandler _handler;

    public GetCallQueryHandlerTests()
    {
        _handler = new GetCallQueryHandler(TestData.CurrentViewer(Admin), _calls);
    }

    [Fact]
    public async Task ReturnsTheCallTheViewerMaySee()
    {
        var call = new CallDetailDto(TestData.CallSid, "+15551230001", "+15551230002", "inbound", "completed", TestData.Start, 30,
            new RecordingInfoDto("remote", 30, 1), new TranscriptDto("none", null, null, []), new SummaryDto("none", null, null),
            [new CallRecordingDto(TestData.RecordingSid, "remote", 30, 1, TestData.Start, null)]);
        _calls.FindAsync(Admin, TestData.CallSid, Arg.Any<CancellationToken>()).Returns(call);

        var result = await _handler.Handle(new GetCallQuery(TestData.CallSid), CancellationToken.None);

        result.ShouldBe(call);
        await _calls.Received(1).FindAsync(Admin, TestData.CallSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ACallTheViewerMayNotSeeIsNotFound()
    {
        _calls.FindAsync(Arg.Any<Viewer>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns((CallDetailDto?)null);

        var ex = await Should.ThrowAsync<NotFoundException>(async () =>
            await _handler.Handle(new GetCallQuery(TestData.CallSid), CancellationToken.None));

        ex.Code.ShouldBe("call_not_found");
        await _calls.Received(1).FindAsync(Admin, TestData.CallSid, Arg.Any<CancellationToken>());
    }
}
