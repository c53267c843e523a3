using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Recordings;
using Recordings.Application.Recordings.Commands.ServeRecordingFile;
using Recordings.Application.Recordings.Queries.GetRecordingStatus;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class ServeRecordingFileCommandHandlerTests
{
    private readonly RecordingFixture _f = new();

    private Task<RecordingAnswer> Serve() =>
        new ServeRecordingFileCommandHandler(new Lazy<RecordingPreparation>(_f.Preparation()), _f.Store, _f.Delivery, _f.Cache, _f.Viewer).Handle(new ServeRecordingFileCommand(CallSid, TimeSpan.Zero), CancellationToken.None).AsTask();

    [Fact]
    public async Task AStoredRecordingIsStreamedWithAStrongETagOfItsContent()
    {
        _f.Ready();
        var stored = _f.StoreHasFile();

        var answer = await Serve();

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready);
        answer.File.ShouldNotBeNull();
        answer.File.Length.ShouldBe(stored.Length);
        await using (var content = await answer.File.OpenAsync(CancellationToken.None))
        {
            content.Length.ShouldBe(stored.Length);
        }

        answer.File.ContentType.ShouldBe("audio/mpeg");
        answer.File.ETag.ShouldBe($"\"{RecordingFixture.Sha256}\"");
        answer.File.LastModified.ShouldBe(Start.AddSeconds(5));
    }

    [Fact]
    public async Task AReadyRecordingCarriesTheDeliverysDirectUrl()
    {
        var direct = new Uri("https://store.example/recordings/CA.mp3?X-Amz-Signature=abc");
        _f.Delivery.RouteAsync(RecordingFixture.StorageKey, Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(new DeliveryRoute(DirectUrl: direct));
        _f.Ready();
        _f.StoreHasFile();

        (await Serve()).File.ShouldNotBeNull().DirectUrl.ShouldBe(direct);
    }

    [Fact]
    public async Task AFileFoundMissingButStoredAgainBeforeTheLockIsServedNotDownloadedAgain()
    {
        // Issue 21: between this request's look in storage and its lock, the file was downloaded and stored again.
        var stale = new RecordingFixture().Ready();
        _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(stale);
        _f.StoredAgain();
        var file = new StoredRecordingFile(1000, Start.AddMinutes(1));
        _f.Store.FindAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>()).Returns((StoredRecordingFile?)null, file);
        _f.Store.OpenReadAsync(RecordingFixture.StorageKey, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(_ => new MemoryStream(new byte[1000]));

        var answer = await Serve();

        answer.Kind.ShouldBe(RecordingAnswerKind.Ready);
        answer.File.ShouldNotBeNull().LastModified.ShouldBe(Start.AddMinutes(1).AddSeconds(5), "the file stored again");
        _f.DownloadsRequested.ShouldBe(0);
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task ARecordingAtTwilioIsQueuedLikePrepare()
    {
        _f.WithRecording();

        var answer = await Serve();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.RequiredStatus.State.ShouldBe("queued");
        _f.DownloadsRequested.ShouldBe(1);
    }

    [Fact]
    public async Task AFailedDownloadIsReportedAndNotRetried()
    {
        _f.Failed();

        var answer = await Serve();

        answer.Kind.ShouldBe(RecordingAnswerKind.Failed);
        answer.RequiredStatus.Error.ShouldBe("Twilio answered 503 six times.");
        _f.Call.Recording.State.ShouldBe(RecordingState.Failed);
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task AMissingRecordingIsNotFound()
    {
        _f.Call.MarkRecordingAbsent(RecordingSid, "Twilio reported the recording absent.", Start);

        (await Should.ThrowAsync<NotFoundException>(Serve)).Code.ShouldBe("recording_not_found");
    }

    [Fact]
    public async Task AReadyRecordingReadFromTheDatabaseIsRememberedWithTheVersionTakenBeforeTheRead()
    {
        _f.Ready();
        var stored = _f.StoreHasFile();
        _f.Cache.Version.Returns(41L);

        await Serve();

        _f.Cache.Received(1).Add(CallSid,
            new ReadyRecording(RecordingFixture.BusinessId, RecordingFixture.StorageKey, stored.Length, RecordingFixture.Sha256, Start.AddSeconds(5), RecordingSid),
            41L);
    }
}

/// <summary>The file endpoint's handler answering from this node's memory of ready recordings (cache-aside).</summary>
public sealed class ServeRecordingFileFromMemoryTests
{
    private readonly RecordingFixture _f = new();

    private Lazy<RecordingPreparation>? _database;

    /// <summary>The file this node's memory answered with, or null when the database answered.</summary>
    private async Task<RecordingFile?> Serve(bool headersOnly = false, bool fromMemory = true)
    {
        _database = new Lazy<RecordingPreparation>(() => _f.Preparation());
        var answer = await new ServeRecordingFileCommandHandler(_database, _f.Store, _f.Delivery, _f.Cache, _f.Viewer)
            .Handle(new ServeRecordingFileCommand(CallSid, TimeSpan.Zero, HeadersOnly: headersOnly, FromMemory: fromMemory), CancellationToken.None);
        return answer.Status is null ? answer.File : null;
    }

    [Fact]
    public async Task NothingRememberedLeavesTheAnswerToTheDatabase()
    {
        _f.Ready();
        _f.StoreHasFile();

        (await Serve()).ShouldBeNull();
        await _f.Calls.Received(1).FindAsync(CallSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ARecordingRememberedButFoundGoneAtItsFirstReadIsAnsweredByTheDatabase()
    {
        _f.Ready();
        _f.StoreHasFile(length: 777);
        Remember(RecordingFixture.BusinessId);

        (await Serve(fromMemory: false)).ShouldBeNull();
        await _f.Calls.Received(1).FindAsync(CallSid, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ARememberedRecordingIsServedWithoutReadingTheCallOrTheStore()
    {
        _f.StoreHasFile(length: 777);
        Remember(RecordingFixture.BusinessId);

        var file = (await Serve()).ShouldNotBeNull();

        file.Length.ShouldBe(777);
        file.ETag.ShouldBe($"\"{RecordingFixture.Sha256}\"");
        await using (var content = await file.OpenAsync(CancellationToken.None))
        {
            content.Length.ShouldBe(777);
        }

        await _f.Calls.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
        await _f.Store.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
        await _f.Store.Received(1).OpenReadAsync(RecordingFixture.StorageKey, 777, Arg.Any<CancellationToken>());
        _database!.IsValueCreated.ShouldBeFalse("a read answered from memory builds nothing of the database side");
    }

    [Fact]
    public async Task ForAHeadARememberedRecordingWhoseFileIsGoneIsLeftToTheDatabase()
    {
        _f.Ready();
        Remember(RecordingFixture.BusinessId);

        // Nothing reads the file for a HEAD, and an object store opens it without looking: it is looked up first.
        (await Serve(headersOnly: true)).ShouldBeNull();
        // Once by the memory's check, then by the database path (before and under the call's lock), which queues it.
        await _f.Store.Received(3).FindAsync(RecordingFixture.StorageKey, Arg.Any<CancellationToken>());
        _f.DownloadsRequested.ShouldBe(1);
    }

    [Fact]
    public async Task ForAHeadARememberedRecordingStillStoredIsServedWithoutTheDatabase()
    {
        _f.StoreHasFile(length: 777);
        Remember(RecordingFixture.BusinessId);

        (await Serve(headersOnly: true)).ShouldNotBeNull().Length.ShouldBe(777);
        await _f.Calls.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
    }

    [Fact]
    public async Task WithAccelARememberedRecordingWhoseFileIsGoneIsLeftToTheDatabase()
    {
        _f.Ready();
        _f.Delivery.RouteAsync(RecordingFixture.StorageKey, Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(new DeliveryRoute(InternalRedirect: "/internal-recordings/" + RecordingFixture.StorageKey));
        Remember(RecordingFixture.BusinessId);

        // nginx would answer 404 for the missing file: the database path queues it again instead.
        (await Serve()).ShouldBeNull();
    }

    [Fact]
    public async Task WithAccelARememberedRecordingCarriesItsInternalPath()
    {
        _f.Delivery.RouteAsync(RecordingFixture.StorageKey, Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(new DeliveryRoute(InternalRedirect: "/internal-recordings/" + RecordingFixture.StorageKey));
        _f.StoreHasFile(length: 777);
        Remember(RecordingFixture.BusinessId);

        (await Serve()).ShouldNotBeNull().InternalRedirect.ShouldBe("/internal-recordings/" + RecordingFixture.StorageKey);
    }

    [Fact]
    public async Task AnotherBusinesssRememberedRecordingIsNotFound()
    {
        Remember(RecordingFixture.OtherBusinessId);

        (await Should.ThrowAsync<NotFoundException>(() => Serve())).Code.ShouldBe("recording_not_found");
    }

    private void Remember(Guid businessId) =>
        _f.Cache.TryGet(CallSid, out Arg.Any<ReadyRecording?>()).Returns(ci =>
        {
            ci[1] = new ReadyRecording(businessId, RecordingFixture.StorageKey, 777, RecordingFixture.Sha256, Start.AddSeconds(5), RecordingSid);
            return true;
        });
}

public sealed class GetRecordingStatusQueryHandlerTests
{
    private readonly RecordingFixture _f = new();

    private Task<RecordingAnswer> Status() =>
        new GetRecordingStatusQueryHandler(_f.Preparation(retryAfterSeconds: 3))
            .Handle(new GetRecordingStatusQuery(CallSid, TimeSpan.Zero), CancellationToken.None).AsTask();

    [Fact]
    public async Task ReadingTheStatusOfARecordingAtTwilioQueuesNothing()
    {
        _f.WithRecording();

        var answer = await Status();

        answer.Kind.ShouldBe(RecordingAnswerKind.Unavailable);
        answer.RequiredStatus.State.ShouldBe("remote");
        answer.RequiredStatus.RetryAfterSeconds.ShouldBeNull();
        answer.RequiredStatus.DurationSeconds.ShouldBe(31);
        answer.RequiredStatus.Transcript.State.ShouldBe("none");
        answer.RequiredStatus.Summary.State.ShouldBe("none");
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task APendingDownloadCarriesTheConfiguredRetryAfter()
    {
        _f.WithRecording();
        _f.Call.RequestRecordingDownload(RecordingSid, Start);

        var answer = await Status();

        answer.Kind.ShouldBe(RecordingAnswerKind.Pending);
        answer.RequiredStatus.RetryAfterSeconds.ShouldBe(3);
        // Reading writes nothing: a queued recording whose job was lost gets it again from the sweep
        // (HealPendingDownloadsCommandHandlerTests), not from a status poll.
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
        await _f.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task TheStatusOfARecordingNotQueuedSchedulesNothing()
    {
        _f.WithRecording();

        var answer = await Status();

        answer.RequiredStatus.State.ShouldBe("remote");
        await _f.Scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task ACallWithoutARecordingIsMissingNotAnError()
    {
        var answer = await Status();

        answer.RequiredStatus.State.ShouldBe("missing");
    }

    [Fact]
    public async Task AnotherBusinesssCallIsNotFound()
    {
        _f.ViewAs(RecordingFixture.OtherBusinessId);

        (await Should.ThrowAsync<NotFoundException>(Status)).Code.ShouldBe("recording_not_found");
    }
}
