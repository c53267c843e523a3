using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

public sealed class DownloadRecordingCommandHandlerTests
{
    private readonly RecordingFixture _f = new();
    private readonly ITwilioMediaClient _media = Substitute.For<ITwilioMediaClient>();
    private readonly IRecordingProgressWriter _progress = Substitute.For<IRecordingProgressWriter>();

    public DownloadRecordingCommandHandlerTests()
    {
        _f.WithRecording();
        _f.Call.RequestRecordingDownload(RecordingSid, Start);
    }

    private Task<DownloadRecordingResult> Download() =>
        new DownloadRecordingCommandHandler(_f.Calls, Substitute.For<IBusinessRepository>(), _f.UnitOfWork, _media, _f.Store, _progress, _f.Time,
                NullLogger<DownloadRecordingCommandHandler>.Instance)
            .Handle(new DownloadRecordingCommand(CallSid), CancellationToken.None).AsTask();

    private void MediaAnswers(MediaDownloadResult result, Func<Func<long, long?, CancellationToken, ValueTask>, Task>? whileDownloading = null) =>
        _media.DownloadAsync(Arg.Any<MediaDownloadRequest>(), _f.Store, Arg.Any<Func<long, long?, CancellationToken, ValueTask>>(), Arg.Any<CancellationToken>())
            .Returns(async ci =>
            {
                _f.Call.Recording.State.ShouldBe(RecordingState.Downloading); // committed before the first byte is asked for
                if (whileDownloading is not null)
                {
                    await whileDownloading(ci.Arg<Func<long, long?, CancellationToken, ValueTask>>());
                }

                return result;
            });

    [Fact]
    public async Task AStoredDownloadMakesTheRecordingReadyAndWakesWaiters()
    {
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(4096, RecordingFixture.Sha256), attempts: 1));

        var result = await Download();

        result.ShouldBe(DownloadRecordingResult.Ready);
        _f.Call.Recording.State.ShouldBe(RecordingState.Ready);
        _f.Call.Recording.TotalBytes.ShouldBe(4096);
        _f.Call.Recording.ContentSha256.ShouldBe(RecordingFixture.Sha256);
        await _media.Received(1).DownloadAsync(
            new MediaDownloadRequest(CallSid, RecordingFixture.StorageKey, TwilioRecordingUrl, Start, Channels: 1), _f.Store,
            Arg.Any<Func<long, long?, CancellationToken, ValueTask>>(), Arg.Any<CancellationToken>());
        _f.Call.DomainEvents.OfType<RecordingSettled>().ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Ready)]);
    }

    [Fact]
    public async Task ARecordingTwilioNoLongerHasBecomesMissing()
    {
        MediaAnswers(MediaDownloadResult.NotFound("Twilio has no such recording (404).", attempts: 1));

        (await Download()).ShouldBe(DownloadRecordingResult.Missing);

        _f.Call.Recording.State.ShouldBe(RecordingState.Missing);
        _f.Call.Recording.Error.ShouldBe("Twilio has no such recording (404).");
        _f.Call.DomainEvents.OfType<RecordingSettled>().ShouldBe([new RecordingSettled(CallSid, RecordingSid, RecordingState.Missing)]);
    }

    [Fact]
    public async Task AGiveUpIsAFailedDownloadWithItsReason()
    {
        MediaAnswers(MediaDownloadResult.Failure("Twilio answered 503 Service Unavailable 6 times.", attempts: 6));

        (await Download()).ShouldBe(DownloadRecordingResult.Failed);

        _f.Call.Recording.State.ShouldBe(RecordingState.Failed);
        _f.Call.Recording.Error.ShouldBe("Twilio answered 503 Service Unavailable 6 times.");
    }

    [Fact]
    public async Task AStorageFaultIsAFailedDownloadNotAStuckOne()
    {
        _media.DownloadAsync(default!, default!, default!, default).ReturnsForAnyArgs<MediaDownloadResult>(_ => throw new IOException("No space left on device"));

        (await Download()).ShouldBe(DownloadRecordingResult.Failed);

        _f.Call.Recording.State.ShouldBe(RecordingState.Failed);
        _f.Call.Recording.Error.ShouldBe(DownloadRecordingCommandHandler.StorageError);
    }

    [Fact]
    public async Task ACancelledDownloadStaysPendingSoItRunsAgain()
    {
        _media.DownloadAsync(default!, default!, default!, default).ReturnsForAnyArgs<MediaDownloadResult>(_ => throw new OperationCanceledException());

        await Should.ThrowAsync<OperationCanceledException>(Download);

        _f.Call.Recording.State.ShouldBe(RecordingState.Downloading);
        _f.Call.DomainEvents.OfType<RecordingSettled>().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(RecordingState.Ready)]
    [InlineData(RecordingState.Missing)]
    [InlineData(RecordingState.Remote)]
    public async Task NothingIsDownloadedUnlessQueued(RecordingState state)
    {
        var call = CallLog.Create(CallSid, AccountSid, Start);
        if (state != RecordingState.Missing)
        {
            call.AttachRecording(RecordingSid, TwilioRecordingUrl, 31, 1, Start);
        }

        if (state == RecordingState.Ready)
        {
            call.RequestRecordingDownload(RecordingSid, Start);
            call.StartRecordingDownload(RecordingSid, Start);
            call.CompleteRecordingDownload(RecordingSid, 1, "ab", Start);
        }

        _f.Calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns(call);

        (await Download()).ShouldBe(DownloadRecordingResult.NothingToDo);

        await _media.DidNotReceiveWithAnyArgs().DownloadAsync(default!, default!, default!, default);
    }

    [Fact]
    public async Task ADownloadInterruptedByACrashStartsOver()
    {
        _f.Call.StartRecordingDownload(RecordingSid, Start);
        _f.Call.RecordDownloadProgress(RecordingSid, 500, 1000, Start);
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(1000, RecordingFixture.Sha256), attempts: 1));

        (await Download()).ShouldBe(DownloadRecordingResult.Ready);
    }

    [Fact]
    public async Task ProgressIsWrittenAtMostTwiceASecondAndAtTheEnd()
    {
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(300, RecordingFixture.Sha256), attempts: 1), async progress =>
        {
            await progress(0, 300, CancellationToken.None); // written: the first report
            await progress(100, 300, CancellationToken.None); // skipped: too soon
            _f.Time.Advance(TimeSpan.FromMilliseconds(500));
            await progress(200, 300, CancellationToken.None); // written
            await progress(300, 300, CancellationToken.None); // written: the last byte
        });

        await Download();

        Received.InOrder(() =>
        {
            _progress.WriteAsync(CallSid, RecordingSid, 0, 300, Arg.Any<CancellationToken>());
            _progress.WriteAsync(CallSid, RecordingSid, 200, 300, Arg.Any<CancellationToken>());
            _progress.WriteAsync(CallSid, RecordingSid, 300, 300, Arg.Any<CancellationToken>());
        });
        await _progress.DidNotReceive().WriteAsync(CallSid, RecordingSid, 100, Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AfterADownloadTheCallIsReadNotLockedToSeeWhetherItWasQueuedAgain()
    {
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(4096, RecordingFixture.Sha256), attempts: 1));

        (await Download()).ShouldBe(DownloadRecordingResult.Ready);

        // Locked twice (to start the download, to settle it), then read once: ready, not queued, so nothing more runs.
        await _f.Calls.Received(2).FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>());
        await _f.Calls.Received(1).FindAsync(CallSid, Arg.Any<CancellationToken>());
        await _media.ReceivedWithAnyArgs(1).DownloadAsync(default!, default!, default!, default);
    }

    [Fact]
    public async Task ARecordingQueuedAgainAfterItsDownloadSettledIsDownloadedAgainByTheSameJob()
    {
        var runs = 0;
        MediaAnswers(MediaDownloadResult.Failure("Twilio answered 503.", attempts: 1), _ =>
        {
            if (++runs == 1)
            {
                // Settled as failed, then re-prepared by an agent while this job still ran (its key exists: no new job).
                _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(_ =>
                {
                    _f.Call.RequestRecordingDownload(RecordingSid, Start);
                    _f.Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(_f.Call);
                    return _f.Call;
                });
            }

            return Task.CompletedTask;
        });

        (await Download()).ShouldBe(DownloadRecordingResult.Failed);

        runs.ShouldBe(2);
    }

    [Fact]
    public async Task ARecordingQueuedAgainWhileItsDownloadRanTakesThatDownloadsOutcome()
    {
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(4096, RecordingFixture.Sha256), attempts: 1), _ =>
        {
            // A failed earlier attempt re-prepared, or a reset by hand: the row says queued when the download ends.
            var requeued = CallLog.Create(CallSid, AccountSid, Start);
            requeued.AttachRecording(RecordingSid, TwilioRecordingUrl, 31, 1, Start);
            requeued.RequestRecordingDownload(RecordingSid, Start);
            _f.Calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns(requeued);
            return Task.CompletedTask;
        });

        (await Download()).ShouldBe(DownloadRecordingResult.Ready);
    }

    [Fact]
    public async Task ADownloadForTwiliosPipelineQueuesTheTranscript()
    {
        _f.Call.RequestTranscript(true, Start);
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(4096, RecordingFixture.Sha256), attempts: 1));

        await Download();

        _f.Call.DomainEvents.OfType<TranscriptionDue>().ShouldBe([new TranscriptionDue(CallSid)]);
    }

    [Fact]
    public async Task AnAgentsDownloadAloneQueuesNoTranscript()
    {
        MediaAnswers(MediaDownloadResult.Success(new StoredRecording(4096, RecordingFixture.Sha256), attempts: 1));

        await Download();

        _f.Call.DomainEvents.OfType<TranscriptionDue>().ShouldBeEmpty();
    }
}
