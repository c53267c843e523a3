using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Recordings.Commands.ReleaseStoredRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class ReleaseStoredRecordingCommandHandlerTests
{
    private readonly RecordingFixture _fixture = new();

    private ReleaseStoredRecordingCommandHandler Handler() => new(
        _fixture.Calls, _fixture.UnitOfWork, _fixture.Store, _fixture.Time,
        NullLogger<ReleaseStoredRecordingCommandHandler>.Instance);

    [Fact]
    public async Task AReadyRecordingLosesItsFileAndIsAtTwilioAgainWithItsTranscriptKept()
    {
        var call = _fixture.Ready();
        call.RequestTranscript(enabled: true, Start);
        call.StartProcessing(ProcessingStep.Transcript, Start);
        call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "go forward ten meters", [])], summarize: false, Start);

        var result = await Handler().Handle(new ReleaseStoredRecordingCommand(CallSid), CancellationToken.None);

        Assert.Equal(ReleaseStoredRecordingResult.Released, result);
        await _fixture.Store.Received(1).DeleteAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>());
        await _fixture.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        Assert.Equal(RecordingState.Remote, call.Recording.State);
        Assert.Null(call.Recording.ContentSha256);
        Assert.Equal(ProcessingState.Done, call.TranscriptState);
        Assert.Equal("go forward ten meters", call.TranscriptText);
        Assert.Null(call.Recording.StorageKey);
        // Every node forgets what it remembered about the file.
        Assert.Equal([new RecordingFileGone(CallSid, RecordingSid)], call.DomainEvents.OfType<RecordingFileGone>());
    }

    [Fact]
    public async Task ARecordingWhoseTranscriptIsStillRunningIsKept()
    {
        var call = _fixture.Ready();
        call.RequestTranscript(enabled: true, Start);
        call.StartProcessing(ProcessingStep.Transcript, Start);

        var result = await Handler().Handle(new ReleaseStoredRecordingCommand(CallSid), CancellationToken.None);

        Assert.Equal(ReleaseStoredRecordingResult.InUse, result);
        await _fixture.Store.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default);
        Assert.Equal(RecordingState.Ready, call.Recording.State);
    }

    [Fact]
    public async Task ARecordingThatIsNotStoredHereIsLeftAlone()
    {
        var call = _fixture.Failed();

        var result = await Handler().Handle(new ReleaseStoredRecordingCommand(CallSid), CancellationToken.None);

        Assert.Equal(ReleaseStoredRecordingResult.NotStored, result);
        await _fixture.Store.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default);
        Assert.Equal(RecordingState.Failed, call.Recording.State);
    }

    [Fact]
    public async Task AnUnknownCallIsNotFound()
    {
        _fixture.Calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns((CallLog?)null);

        var result = await Handler().Handle(new ReleaseStoredRecordingCommand(CallSid), CancellationToken.None);

        Assert.Equal(ReleaseStoredRecordingResult.NotFound, result);
    }

    [Fact]
    public async Task AFileThatCannotBeDeletedLeavesTheRecordingReady()
    {
        var call = _fixture.Ready();
        _fixture.Store.DeleteAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>()).Returns<Task<bool>>(_ => throw new IOException("read-only file system"));

        await Assert.ThrowsAsync<IOException>(() => Handler().Handle(new ReleaseStoredRecordingCommand(CallSid), CancellationToken.None).AsTask());

        Assert.Equal(RecordingState.Ready, call.Recording.State);
        await _fixture.UnitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}
