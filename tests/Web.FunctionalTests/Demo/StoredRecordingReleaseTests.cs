using NSubstitute;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo;
using Recordings.Domain.Calls;

namespace Recordings.Web.FunctionalTests.Demo;

/// <summary>The demo's release of a stored copy (calls left "at Twilio"), on substituted ports.</summary>
public sealed class StoredRecordingReleaseTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid BusinessId = Guid.Parse("0c1b2a39-4856-4c7d-9e0f-112233445566");
    private static readonly string StorageKey = RecordingStorageKey.For(BusinessId, RecordingSid);

    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IRecordingStore _store = Substitute.For<IRecordingStore>();
    private readonly CallLog _call = CallLog.Create(CallSid, AccountSid, Start);

    public StoredRecordingReleaseTests()
    {
        _call.ApplyStatus(new CallStatusReport("+15550001111", "+15551230001", CallDirection.Inbound, CallStatus.Completed, 31, Start), BusinessId, Start);
        _call.AttachRecording(RecordingSid, "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid, 31, 1, Start);
        _calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns(_ => _call);
        _unitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<ReleaseStoredRecordingResult>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<ReleaseStoredRecordingResult>>>()(CancellationToken.None));
    }

    private Task<ReleaseStoredRecordingResult> ReleaseAsync() =>
        new StoredRecordingRelease(_calls, _unitOfWork, _store, new FakeTimeProvider(Start), NullLogger<StoredRecordingRelease>.Instance)
            .ReleaseAsync(CallSid, CancellationToken.None);

    private void Ready()
    {
        _call.RequestRecordingDownload(RecordingSid, Start);
        _call.StartRecordingDownload(RecordingSid, Start);
        _call.CompleteRecordingDownload(RecordingSid, 1000, "ab", Start.AddSeconds(5));
        _call.TakeDomainEvents();
    }

    [Fact]
    public async Task AReadyRecordingLosesItsFileAndIsAtTwilioAgainWithItsTranscriptKept()
    {
        Ready();
        _call.RequestTranscript(enabled: true, Start);
        _call.StartProcessing(ProcessingStep.Transcript, Start);
        _call.CompleteTranscript([new RecordingTranscript(RecordingSid, "en", "go forward ten meters", [])], summarize: false, Start);

        (await ReleaseAsync()).ShouldBe(ReleaseStoredRecordingResult.Released);

        await _store.Received(1).DeleteAsync(StorageKey, Arg.Any<CancellationToken>());
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        _call.Recording.State.ShouldBe(RecordingState.Remote);
        _call.Recording.StorageKey.ShouldBeNull();
        _call.TranscriptText.ShouldBe("go forward ten meters");
        // Every node forgets what it remembered about the file.
        _call.DomainEvents.OfType<RecordingFileGone>().ShouldBe([new RecordingFileGone(CallSid, RecordingSid)]);
    }

    [Fact]
    public async Task ARecordingWhoseTranscriptIsStillRunningIsKept()
    {
        Ready();
        _call.RequestTranscript(enabled: true, Start);
        _call.StartProcessing(ProcessingStep.Transcript, Start);

        (await ReleaseAsync()).ShouldBe(ReleaseStoredRecordingResult.InUse);

        await _store.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default);
        _call.Recording.State.ShouldBe(RecordingState.Ready);
    }

    [Fact]
    public async Task ARecordingThatIsNotStoredHereIsLeftAlone()
    {
        (await ReleaseAsync()).ShouldBe(ReleaseStoredRecordingResult.NotStored);

        await _store.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default);
        _call.Recording.State.ShouldBe(RecordingState.Remote);
    }

    [Fact]
    public async Task AnUnknownCallIsNotFound()
    {
        _calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns((CallLog?)null);

        (await ReleaseAsync()).ShouldBe(ReleaseStoredRecordingResult.NotFound);
    }

    [Fact]
    public async Task AFileThatCannotBeDeletedLeavesTheRecordingReady()
    {
        Ready();
        _store.DeleteAsync(StorageKey, Arg.Any<CancellationToken>()).Returns<Task<bool>>(_ => throw new IOException("read-only file system"));

        await Should.ThrowAsync<IOException>(ReleaseAsync);

        _call.Recording.State.ShouldBe(RecordingState.Ready);
        await _unitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}
