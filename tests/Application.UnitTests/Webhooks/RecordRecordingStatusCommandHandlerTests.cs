using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Webhooks;

public sealed class RecordRecordingStatusCommandHandlerTests
{
    private const string RecordingPath = "/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;

    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly IUnitOfWork _unitOfWork = PassThroughUnitOfWork();
    private readonly IRecordingJobScheduler _scheduler = Substitute.For<IRecordingJobScheduler>();
    private readonly ITwilioMediaClient _media = Substitute.For<ITwilioMediaClient>();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CallLog _call;

    public RecordRecordingStatusCommandHandlerTests()
    {
        _call = CallLog.Create(CallSid, AccountSid, Start);
        _calls.GetOrCreateForUpdateAsync(CallSid, AccountSid, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(_call);
        _calls.FindCallOfRecordingForUpdateAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns((string?)null);
        _media.IsTrustedRecordingUrl(TwilioRecordingUrl, AccountSid, RecordingSid).Returns(true);
    }

    /// <summary>The handler as the host configures it: no MediaOrigins configured means Twilio's (see AddInfrastructure).</summary>
    /// <summary>The handler; the media client trusts the URLs of Twilio's recordings (its own rules are tested with it).</summary>
    private RecordRecordingStatusCommandHandler Handler() => new(
        _calls,
        _unitOfWork,
        _scheduler,
        _media,
        Microsoft.Extensions.Options.Options.Create(new TranscriptionOptions()),
        _time,
        NullLogger<RecordRecordingStatusCommandHandler>.Instance);

    private static RecordRecordingStatusCommand Command(
        string status = "completed", string? url = TwilioRecordingUrl, string? recordingSid = RecordingSid) =>
        new(AccountSid, CallSid, recordingSid, url, status, "31", "2", "RecordVerb", "Sun, 01 Mar 2026 09:30:00 +0000");

    [Fact]
    public async Task CompletedRecordingWithATwilioUrlIsAttached()
    {
        _time.Advance(TimeSpan.FromSeconds(40));

        await Handler().Handle(Command(), CancellationToken.None);

        _call.Recording.State.ShouldBe(RecordingState.Queued);
        _call.Recording.RecordingSid.ShouldBe(RecordingSid);
        _call.Recording.RecordingUrl.ShouldBe(TwilioRecordingUrl);
        _call.Recording.DurationSeconds.ShouldBe(31);
        _call.Recording.Channels.ShouldBe(2);
        _call.Recording.CompletedAt.ShouldBe(Start.AddSeconds(40));
        await _calls.Received(1).GetOrCreateForUpdateAsync(CallSid, AccountSid, Start.AddSeconds(40), Arg.Any<CancellationToken>());
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        _call.DomainEvents.OfType<RecordingDownloadRequested>().ShouldBe([new RecordingDownloadRequested(CallSid, RecordingSid)]);
        await _scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default); // the pipeline does, after commit
    }

    [Fact]
    public async Task ARepeatedCompletedReportMakesSureTheQueuedDownloadHasItsJob()
    {
        await Handler().Handle(Command(), CancellationToken.None);

        await Handler().Handle(Command(), CancellationToken.None);

        _call.DomainEvents.OfType<RecordingDownloadRequested>().Count().ShouldBe(1);
        await _scheduler.Received(1).EnsureDownloadScheduledAsync(CallSid, RecordingSid, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("failed")]
    [InlineData("in-progress")]
    public async Task OnlyACompletedRecordingIsQueued(string status)
    {
        await Handler().Handle(Command(status, url: status == "in-progress" ? TwilioRecordingUrl : null), CancellationToken.None);

        _call.DomainEvents.OfType<RecordingDownloadRequested>().ShouldBeEmpty();
        await _scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task ARecordingAlreadyDownloadedIsNotQueuedAgainByARepeat()
    {
        await Handler().Handle(Command(), CancellationToken.None);
        _call.StartRecordingDownload(RecordingSid, Start);
        _call.CompleteRecordingDownload(RecordingSid, 10, "ab", Start);
        _scheduler.ClearReceivedCalls();

        await Handler().Handle(Command(), CancellationToken.None);

        _call.Recording.State.ShouldBe(RecordingState.Ready);
        await _scheduler.DidNotReceiveWithAnyArgs().EnsureDownloadScheduledAsync(default!, default!, default);
    }

    [Fact]
    public async Task ARepeatedCompletedReportSavesNothing()
    {
        var handler = Handler();
        await handler.Handle(Command(), CancellationToken.None);
        _unitOfWork.ClearReceivedCalls();
        _time.Advance(TimeSpan.FromMinutes(1));

        await handler.Handle(Command(), CancellationToken.None);

        await _unitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
        _call.Recording.CompletedAt.ShouldBe(Start);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("absent")]
    public async Task ARecordingOfAnotherCallIsRefusedAndNothingIsSaved(string status)
    {
        const string other = "CAffffffffffffffffffffffffffffffff";
        _calls.FindCallOfRecordingForUpdateAsync(RecordingSid, Arg.Any<CancellationToken>()).Returns(other);

        var ex = await Should.ThrowAsync<ConflictException>(async () => await Handler().Handle(Command(status), CancellationToken.None));

        ex.Code.ShouldBe("recording_of_another_call");
        await _unitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
        _call.RecordingFor(RecordingSid).ShouldBeNull();
        _call.DomainEvents.ShouldBeEmpty();
    }

    [Fact]
    public async Task ARepeatedReportOfTheCallsOwnRecordingDoesNotLookElsewhere()
    {
        await Handler().Handle(Command(), CancellationToken.None);
        _calls.ClearReceivedCalls();

        await Handler().Handle(Command(), CancellationToken.None);

        await _calls.DidNotReceiveWithAnyArgs().FindCallOfRecordingForUpdateAsync(default!, default);
    }

    [Fact]
    public async Task UntrustedRecordingUrlIsRefusedAndNothingIsTouched()
    {
        const string url = "https://evil.example.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
        _media.IsTrustedRecordingUrl(url, AccountSid, RecordingSid).Returns(false);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await Handler().Handle(Command(url: url), CancellationToken.None));

        ex.Code.ShouldBe("untrusted_recording_url");
        ex.Errors.Keys.ShouldBe([nameof(RecordRecordingStatusCommand.RecordingUrl)]);
        _calls.ReceivedCalls().ShouldBeEmpty();
        _unitOfWork.ReceivedCalls().ShouldBeEmpty();
        _call.Recording.State.ShouldBe(RecordingState.Missing);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("failed")]
    public async Task AbsentOrFailedRecordingIsMissing(string status)
    {
        _call.AttachRecording(RecordingSid, TwilioRecordingUrl, 31, 2, Start);
        _time.Advance(TimeSpan.FromMinutes(1));

        await Handler().Handle(Command(status, url: null), CancellationToken.None);

        _call.Recording.State.ShouldBe(RecordingState.Missing);
        _call.Recording.Error.ShouldNotBeNull().ShouldContain(status);
        _call.UpdatedAt.ShouldBe(Start.AddMinutes(1));
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AbsentReportWithoutARecordingSidForANewCallKeepsTheCallWithoutRecording()
    {
        await Handler().Handle(Command("absent", url: null, recordingSid: null), CancellationToken.None);

        await _calls.Received(1).GetOrCreateForUpdateAsync(CallSid, AccountSid, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        _call.Recordings.ShouldBeEmpty();
        _call.Recording.State.ShouldBe(RecordingState.Missing);
    }

    [Fact]
    public async Task InProgressRecordingTouchesNothing()
    {
        await Handler().Handle(Command("in-progress"), CancellationToken.None);

        _calls.ReceivedCalls().ShouldBeEmpty();
        _unitOfWork.ReceivedCalls().ShouldBeEmpty();
        _call.Recording.State.ShouldBe(RecordingState.Missing);
    }
}
