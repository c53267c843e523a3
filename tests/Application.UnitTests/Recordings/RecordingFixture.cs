using Recordings.Testing;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Recordings;
using Recordings.Domain.Calls;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Recordings;

/// <summary>The ports of the recording use cases, substituted, around one call of one business.</summary>
internal sealed class RecordingFixture
{
    public static readonly Guid BusinessId = Guid.Parse("0c1b2a39-4856-4c7d-9e0f-112233445566");
    public static readonly Guid OtherBusinessId = Guid.Parse("99999999-4856-4c7d-9e0f-112233445566");
    /// <summary>Where the fixture's recording is stored once downloaded.</summary>
    public static readonly string StorageKey = RecordingStorageKey.For(BusinessId, RecordingSid);
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public ICurrentViewer Viewer { get; } = Substitute.For<ICurrentViewer>();
    public ICallRepository Calls { get; } = Substitute.For<ICallRepository>();
    public IUnitOfWork UnitOfWork { get; } = Substitute.For<IUnitOfWork>();
    public IRecordingStore Store { get; } = Substitute.For<IRecordingStore>();
    public IRecordingDelivery Delivery { get; } = Substitute.For<IRecordingDelivery>();
    public IReadyRecordingCache Cache { get; } = Substitute.For<IReadyRecordingCache>();
    public IRecordingJobScheduler Scheduler { get; } = Substitute.For<IRecordingJobScheduler>();
    public IRecordingStateSignal Signal { get; } = Substitute.For<IRecordingStateSignal>();
    public IRecordingStateSubscription Subscription { get; } = Substitute.For<IRecordingStateSubscription>();
    public FakeTimeProvider Time { get; } = new(Start);
    public CallLog Call { get; }

    public RecordingFixture()
    {
        ViewAs(BusinessId);
        Call = CallLog.Create(CallSid, AccountSid, Start);
        Call.ApplyStatus(new CallStatusReport("+15550001111", "+15551230001", CallDirection.Inbound, CallStatus.Completed, 31, Start), BusinessId, Start);
        Calls.FindAsync(CallSid, Arg.Any<CancellationToken>()).Returns(_ => Call);
        Calls.FindForUpdateAsync(CallSid, Arg.Any<CancellationToken>()).Returns(_ => Call);
        Signal.Subscribe(CallSid).Returns(Subscription);
        Delivery.RouteAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(DeliveryRoute.Proxy); // proxy delivery unless a test says otherwise
        PassThrough<CallLog>();
        PassThrough<bool>();
        PassThrough<CarriedOut>();
        PassThrough<MediaDownloadRequest?>();
        PassThrough<global::Recordings.Application.Recordings.Commands.DownloadRecording.DownloadRecordingResult>();
        PassThrough<(global::Recordings.Application.Recordings.Commands.DownloadRecording.DownloadRecordingResult, bool)>();
    }

    public RecordingPreparation Preparation(int retryAfterSeconds = 2) => new(
        Viewer, Calls, UnitOfWork, Store, Scheduler, Signal,
        Microsoft.Extensions.Options.Options.Create(new RecordingsOptions { RetryAfterSeconds = retryAfterSeconds }), Time);

    /// <summary>The download requests the use case raised (the unit of work would publish them after commit).</summary>
    public int DownloadsRequested => Call.DomainEvents.OfType<RecordingDownloadRequested>().Count();

    public CallLog WithRecording(int channels = 1)
    {
        Call.AttachRecording(RecordingSid, TwilioRecordingUrl, 31, channels, Start);
        return Call;
    }

    public CallLog Ready(long length = 1000)
    {
        WithRecording();
        Call.RequestRecordingDownload(RecordingSid, Start);
        Call.StartRecordingDownload(RecordingSid, Start);
        Call.CompleteRecordingDownload(RecordingSid, length, Sha256, Start.AddSeconds(5));
        Call.TakeDomainEvents(); // stored: the unit of work took the events of the set-up
        return Call;
    }

    /// <summary>
    /// Ready, its file lost, queued again and downloaded again (a minute later): the recording as the request that queued
    /// it left it. The download's events are taken, as the unit of work would.
    /// </summary>
    public CallLog StoredAgain(long length = 1000)
    {
        Ready(length);
        var later = Start.AddMinutes(1);
        Call.MarkRecordingFileLost(RecordingSid, later);
        Call.RequestRecordingDownload(RecordingSid, later);
        Call.StartRecordingDownload(RecordingSid, later);
        Call.CompleteRecordingDownload(RecordingSid, length, Sha256, later.AddSeconds(5));
        Call.TakeDomainEvents();
        return Call;
    }

    public CallLog Failed()
    {
        WithRecording();
        Call.RequestRecordingDownload(RecordingSid, Start);
        Call.StartRecordingDownload(RecordingSid, Start);
        Call.FailRecordingDownload(RecordingSid, "Twilio answered 503 six times.", Start);
        Call.TakeDomainEvents(); // stored: the unit of work took the events of the set-up
        return Call;
    }

    public StoredRecordingFile StoreHasFile(long length = 1000)
    {
        var file = new StoredRecordingFile(length, Start.AddSeconds(5));
        Store.FindAsync(StorageKey, Arg.Any<CancellationToken>()).Returns(file);
        Store.OpenReadAsync(StorageKey, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(_ => new MemoryStream(new byte[length]));
        return file;
    }

    private void PassThrough<T>() =>
        UnitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<T>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<T>>>()(CancellationToken.None));

    /// <summary>The request's viewer is an admin of <paramref name="businessId"/>.</summary>
    public void ViewAs(Guid businessId) => Viewer.GetAsync(Arg.Any<CancellationToken>()).Returns(Viewers.AdminOf(businessId));
}
