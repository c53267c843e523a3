using Recordings.Domain.Calls;

namespace Recordings.Domain.UnitTests.Calls;

public sealed class RecordingStorageKeyTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string Url = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + RecordingSid;
    private static readonly Guid BusinessId = Guid.Parse("0c1b2a39-4856-4c7d-9e0f-112233445566");
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void AKeyIsTheBusinessAndTheRecording()
    {
        RecordingStorageKey.For(BusinessId, RecordingSid).ShouldBe($"0c1b2a39-4856-4c7d-9e0f-112233445566/{RecordingSid}.mp3");
        RecordingStorageKey.For(null, RecordingSid).ShouldBe($"unassigned/{RecordingSid}.mp3");
    }

    [Theory]
    [InlineData("0c1b2a39-4856-4c7d-9e0f-112233445566/RE0123456789abcdef0123456789abcdef.mp3", true)]
    [InlineData("unassigned/RE0123456789abcdef0123456789abcdef.mp3", true)]
    [InlineData("CA0123456789abcdef0123456789abcdef.mp3", true)] // stored before keys had a business
    [InlineData("../RE0123456789abcdef0123456789abcdef.mp3", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("0c1b2a39-4856-4c7d-9e0f-112233445566/../../RE0123456789abcdef0123456789abcdef.mp3", false)]
    [InlineData("0c1b2a39-4856-4c7d-9e0f-112233445566/CA0123456789abcdef0123456789abcdef.mp3", false)]
    [InlineData("unassigned/RE0123456789abcdef0123456789abcdef.mp3\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyKeysThisClassMakesAreValid(string? key, bool valid) => RecordingStorageKey.IsValid(key).ShouldBe(valid);

    [Fact]
    public void AKeyNeedsARecordingSid() =>
        Should.Throw<ArgumentException>(() => RecordingStorageKey.For(BusinessId, "../x"));

    [Fact]
    public void TheKeyIsChosenWhenTheDownloadStartsAndForgottenWhenTheFileIsLost()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.ApplyStatus(new CallStatusReport("+15550001111", "+15551230001", CallDirection.Inbound, CallStatus.Completed, 31, Now), BusinessId, Now);
        call.AttachRecording(RecordingSid, Url, 31, 1, Now);
        call.RequestRecordingDownload(RecordingSid, Now);
        call.Recording.StorageKey.ShouldBeNull();

        call.StartRecordingDownload(RecordingSid, Now);
        call.Recording.StorageKey.ShouldBe(RecordingStorageKey.For(BusinessId, RecordingSid));
        call.CompleteRecordingDownload(RecordingSid, 10, "ab", Now);
        call.TakeDomainEvents();

        call.MarkRecordingFileLost(RecordingSid, Now).ShouldBeTrue();

        call.Recording.StorageKey.ShouldBeNull();
        call.DomainEvents.ShouldBe([new RecordingFileGone(CallSid, RecordingSid)]);
        call.MarkRecordingFileLost(RecordingSid, Now).ShouldBeFalse();
    }

    [Fact]
    public void TheRedactedCopyAndTheEncryptedOriginalLiveBesideTheRecordingAndAreKeysTheStoresAccept()
    {
        var key = RecordingStorageKey.For(BusinessId, RecordingSid);

        var redacted = RecordingStorageKey.RedactedOf(key);
        var original = RecordingStorageKey.OriginalOf(key);

        redacted.ShouldBe($"{BusinessId:D}/{RecordingSid}.redacted.mp3");
        original.ShouldBe($"{BusinessId:D}/{RecordingSid}.original.enc");
        RecordingStorageKey.IsValid(redacted).ShouldBeTrue();
        RecordingStorageKey.IsValid(original).ShouldBeTrue();
        RecordingStorageKey.IsValid($"{BusinessId:D}/{RecordingSid}.original.mp3").ShouldBeFalse();
        RecordingStorageKey.IsValid($"{BusinessId:D}/{RecordingSid}.redacted.enc").ShouldBeFalse();
        Should.Throw<ArgumentException>(() => RecordingStorageKey.RedactedOf("../etc/passwd"));
    }
}
