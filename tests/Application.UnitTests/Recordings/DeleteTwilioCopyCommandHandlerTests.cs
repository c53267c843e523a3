using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings.Commands.DeleteTwilioCopy;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class DeleteTwilioCopyCommandHandlerTests
{
    private readonly RecordingFixture _fixture = new();
    private readonly ITwilioRestApi _twilio = Substitute.For<ITwilioRestApi>();

    public DeleteTwilioCopyCommandHandlerTests() =>
        _fixture.UnitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<DeleteTwilioCopyResult>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<DeleteTwilioCopyResult>>>()(CancellationToken.None));

    private Task<DeleteTwilioCopyResult> DeleteAsync() => new DeleteTwilioCopyCommandHandler(
            _fixture.Calls, _fixture.UnitOfWork, _fixture.Store, _twilio, _fixture.Time, NullLogger<DeleteTwilioCopyCommandHandler>.Instance)
        .Handle(new DeleteTwilioCopyCommand(CallSid, RecordingSid), CancellationToken.None).AsTask();

    [Fact]
    public async Task AStoredCopyOfTheStoredLengthLetsTwilioCopyGoAndMakesOursTheOnlyOne()
    {
        var call = _fixture.Ready(length: 1000);
        _fixture.StoreHasFile(length: 1000);
        _twilio.DeleteRecordingAsync(RecordingSid, Arg.Any<CancellationToken>()).Returns(true);

        (await DeleteAsync()).ShouldBe(DeleteTwilioCopyResult.Deleted);

        call.Recording.AtTwilio.ShouldBeFalse();
        await _fixture.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        // Ours is never released from now on (DeleteAfterDownloadTests; the demo's StoredRecordingRelease answers OnlyCopy).
        await _fixture.Store.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(999L)]
    public async Task ACopyMissingOrShorterThanStoredKeepsTwilioCopy(long? storedLength)
    {
        var call = _fixture.Ready(length: 1000);
        if (storedLength is { } length)
        {
            _fixture.StoreHasFile(length);
        }

        (await DeleteAsync()).ShouldBe(DeleteTwilioCopyResult.NotVerified);

        await _twilio.DidNotReceiveWithAnyArgs().DeleteRecordingAsync(default!, default);
        call.Recording.AtTwilio.ShouldBeTrue();
    }

    [Fact]
    public async Task ARecordingNotStoredIsNeverDeletedAtTwilio()
    {
        _fixture.Failed();

        (await DeleteAsync()).ShouldBe(DeleteTwilioCopyResult.NothingToDo);

        await _twilio.DidNotReceiveWithAnyArgs().DeleteRecordingAsync(default!, default);
    }

    [Fact]
    public async Task TwilioRefusingTheDeletionIsThrownForTheJobToRetryAndNothingIsRecorded()
    {
        var call = _fixture.Ready(length: 1000);
        _fixture.StoreHasFile(length: 1000);
        _twilio.DeleteRecordingAsync(RecordingSid, Arg.Any<CancellationToken>()).Returns<bool>(_ => throw new TwilioApiException(503, "Twilio answered 503"));

        await Should.ThrowAsync<TwilioApiException>(DeleteAsync);

        call.Recording.AtTwilio.ShouldBeTrue();
        await _fixture.UnitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}
