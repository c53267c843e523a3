using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings;
using Recordings.Application.Recordings.Commands.PrepareRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class PrepareRecordingCommandHandlerTests
{
    private readonly RecordingFixture _f = new();

    private Task<RecordingAnswer> Prepare(TimeSpan wait = default) =>
        new PrepareRecordingCommandHandler(_f.Preparation()).Handle(new PrepareRecordingCommand(CallSid, wait), CancellationToken.None).AsTask();

    [Fact]
    public async Task QueuesOneDownloadOfARecordingAtTwilioAndAnswersPending()
    {
        _f.WithRecording();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.RequiredStatus.State.ShouldBe("queued");
        answer.RequiredStatus.RetryAfterSeconds.ShouldBe(2);
        _f.Call.Recording.State.ShouldBe(RecordingState.Queued);
        await _f.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        _f.DownloadsRequested.ShouldBe(1);
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default); // the pipeline does
    }

    [Fact]
    public async Task ASecondPrepareWhileQueuedChangesNothingAndOnlyMakesSureTheJobExists()
    {
        _f.WithRecording();
        await Prepare();
        _f.UnitOfWork.ClearReceivedCalls();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        await _f.UnitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
        _f.DownloadsRequested.ShouldBe(1, "only the first prepare queued it");
        await _f.Scheduler.Received(1).EnsureDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ADownloadInProgressIsPendingWithItsProgress()
    {
        _f.WithRecording();
        _f.Call.RequestRecordingDownload(RecordingSid, Start);
        _f.Call.StartRecordingDownload(RecordingSid, Start);
        _f.Call.RecordDownloadProgress(RecordingSid, 120_000, 480_000, Start);

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.RequiredStatus.State.ShouldBe("downloading");
        answer.RequiredStatus.BytesDownloaded.ShouldBe(120_000);
        answer.RequiredStatus.TotalBytes.ShouldBe(480_000);
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
        // Only makes sure its job exists (a job that gave up its retries would otherwise leave it downloading for ever).
        await _f.Scheduler.Received(1).EnsureDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AStoredRecordingIsReady()
    {
        _f.Ready();
        _f.StoreHasFile();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready);
        answer.RequiredStatus.State.ShouldBe("ready");
        answer.RequiredStatus.RetryAfterSeconds.ShouldBeNull();
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task AReadyRecordingWhoseFileIsGoneFromStorageIsQueuedAgain()
    {
        _f.Ready();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        _f.Call.Recording.State.ShouldBe(RecordingState.Queued);
        _f.DownloadsRequested.ShouldBe(1);
    }

    [Fact]
    public async Task AFileFoundMissingIsNotLostWhenUnderTheLockTheRecordingWasStoredAgain()
    {
        // Issue 21: this request read the recording ready and found its file missing; before it took the call's lock,
        // another request queued it again and the download stored and verified a new file.
        var stale = new RecordingFixture().Ready();
        _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(stale);
        _f.StoredAgain();
        var file = new StoredRecordingFile(1000, _f.Time.GetUtcNow());
        _f.Store.FindAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>()).Returns((StoredRecordingFile?)null, file);

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready);
        _f.Call.Recording.State.ShouldBe(RecordingState.Ready);
        _f.DownloadsRequested.ShouldBe(0, "the file stored again is not marked lost: no second download");
        _f.Call.DomainEvents.OfType<RecordingFileGone>().ShouldBeEmpty();
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task AFileFoundMissingIsNotQueuedAgainWhenUnderTheLockItIsQueuedAlready()
    {
        var stale = new RecordingFixture().Ready();
        _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(stale);
        _f.Ready();
        _f.Call.MarkRecordingFileLost(RecordingSid, Start.AddMinutes(1));
        _f.Call.RequestRecordingDownload(RecordingSid, Start.AddMinutes(1));
        _f.Call.TakeDomainEvents();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        _f.DownloadsRequested.ShouldBe(0, "another request queued it");
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
        await _f.Scheduler.Received(1).EnsureDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AStoredFileOfAnotherLengthIsNotTrusted()
    {
        _f.Ready(length: 1000);
        _f.StoreHasFile(length: 999);

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        _f.Call.Recording.State.ShouldBe(RecordingState.Queued);
    }

    [Fact]
    public async Task AFailedDownloadIsTriedAgain()
    {
        _f.Failed();

        var answer = await Prepare();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.RequiredStatus.Error.ShouldBeNull();
        _f.Call.Recording.State.ShouldBe(RecordingState.Queued);
        _f.DownloadsRequested.ShouldBe(1);
    }

    [Fact]
    public async Task ACallWithoutARecordingIsNotFound()
    {
        var ex = await Should.ThrowAsync<NotFoundException>(() => Prepare());

        ex.Code.ShouldBe("recording_not_found");
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task AnotherBusinesssCallIsNotFoundAndUntouched()
    {
        _f.WithRecording();
        _f.ViewAs(RecordingFixture.OtherBusinessId);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Prepare());

        ex.Code.ShouldBe("recording_not_found");
        _f.Call.Recording.State.ShouldBe(RecordingState.Remote);
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task AnUnknownCallIsNotFound()
    {
        _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns((CallLog?)null);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Prepare());

        ex.Code.ShouldBe("recording_not_found");
    }

    [Fact]
    public async Task WaitingReturnsAsSoonAsTheDownloadIsAnnouncedReady()
    {
        _f.WithRecording();
        _f.Subscription.WaitAsync(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            // Another node finishes the download and announces it.
            _f.Time.Advance(TimeSpan.FromSeconds(3));
            _f.Call.StartRecordingDownload(RecordingSid, _f.Time.GetUtcNow());
            _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, _f.Time.GetUtcNow());
            _f.StoreHasFile();
            return true;
        });

        var answer = await Prepare(TimeSpan.FromSeconds(10));

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready);
        answer.WaitApplied.ShouldBeTrue();
        await _f.Subscription.Received(1).WaitAsync(TimeSpan.FromSeconds(10), Arg.Any<CancellationToken>());
        _f.Subscription.Received(1).Dispose();
    }

    [Fact]
    public async Task AReadyRecordingWhoseFileIsGoneIsQueuedAgainAndWaitedFor()
    {
        _f.Ready(); // the database says ready, but the store has no file
        _f.Subscription.WaitAsync(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            // The download queued by this request finishes (on any node) and is announced.
            _f.Time.Advance(TimeSpan.FromSeconds(2));
            _f.Call.StartRecordingDownload(RecordingSid, _f.Time.GetUtcNow());
            _f.Call.CompleteRecordingDownload(RecordingSid, 1000, RecordingFixture.Sha256, _f.Time.GetUtcNow());
            _f.StoreHasFile();
            return true;
        });

        var answer = await Prepare(TimeSpan.FromSeconds(30));

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready, "the wait covers the new download instead of answering 202 at once");
        _f.DownloadsRequested.ShouldBe(1);
        await _f.Subscription.Received(1).WaitAsync(TimeSpan.FromSeconds(30), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task WaitingGivesUpAtItsDeadlineWhileStillPending()
    {
        _f.WithRecording();
        _f.Subscription.WaitAsync(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            _f.Time.Advance(ci.Arg<TimeSpan>());
            return false;
        });

        var answer = await Prepare(TimeSpan.FromSeconds(5));

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.WaitApplied.ShouldBeTrue();
        _f.Time.GetUtcNow().ShouldBe(Start.AddSeconds(5));
        await _f.Subscription.Received(1).WaitAsync(TimeSpan.FromSeconds(5), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AWakeUpThatChangesNothingWaitsOnlyForTheTimeLeft()
    {
        _f.WithRecording();
        var waits = new List<TimeSpan>();
        _f.Subscription.WaitAsync(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            waits.Add(ci.Arg<TimeSpan>());
            _f.Time.Advance(waits.Count == 1 ? TimeSpan.FromSeconds(2) : ci.Arg<TimeSpan>());
            return waits.Count == 1; // a wake-up (e.g. the listener reconnected), then nothing
        });

        await Prepare(TimeSpan.FromSeconds(5));

        waits.ShouldBe([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3)]);
    }

    [Fact]
    public async Task WithoutAWaitNothingIsSubscribed()
    {
        _f.WithRecording();

        var answer = await Prepare();

        answer.WaitApplied.ShouldBeFalse();
        _f.Signal.DidNotReceiveWithAnyArgs().Subscribe(default!);
    }
}
