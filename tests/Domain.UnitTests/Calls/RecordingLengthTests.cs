using Recordings.Domain.Calls;

namespace Recordings.Domain.UnitTests.Calls;

/// <summary>How long a recording and its call are: the audio's own length once measured, not what Twilio said.</summary>
public sealed class RecordingLengthTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    private const string OtherRecordingSid = "REfedcba9876543210fedcba9876543210";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly RecordingMetrics Metrics = new(null, null, 3.1, 0, 0, 3.1, 0);

    private static string Url(string recordingSid) => "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Recordings/" + recordingSid;

    /// <summary>A completed call Twilio says lasted 31 s, whose recording it says is 31 s too, stored.</summary>
    private static CallLog Stored(string recordingSid = RecordingSid, CallLog? call = null)
    {
        if (call is null)
        {
            call = CallLog.Create(CallSid, AccountSid, Now);
            call.ApplyStatus(new CallStatusReport("+15550001111", "+15551230001", CallDirection.Inbound, CallStatus.Completed, 31, Now), null, Now);
        }

        call.AttachRecording(recordingSid, Url(recordingSid), 31, 1, Now);
        call.RequestRecordingDownload(recordingSid, Now);
        call.StartRecordingDownload(recordingSid, Now);
        call.CompleteRecordingDownload(recordingSid, 4096, "ab", Now.AddSeconds(3));
        call.TakeDomainEvents();
        return call;
    }

    [Fact]
    public void UntilMeasuredTheRecordingAndTheCallAreAsLongAsTwilioSaid()
    {
        var call = Stored();

        call.Recording.LengthSeconds.ShouldBe(31);
        call.LengthSeconds.ShouldBe(31);
    }

    [Fact]
    public void OnceMeasuredTheRecordingAndTheCallAreAsLongAsTheAudio()
    {
        var call = Stored();

        call.RecordInsight(RecordingSid, Metrics, [], 3.8, Now.AddMinutes(1)).ShouldBeTrue();

        call.Recording.DurationSeconds.ShouldBe(31, "Twilio's claim is kept as it came");
        call.Recording.MeasuredDurationSeconds.ShouldBe(3.8);
        call.Recording.LengthSeconds.ShouldBe(4);
        call.DurationSeconds.ShouldBe(31);
        call.LengthSeconds.ShouldBe(4);
    }

    [Fact]
    public void ACallOfSeveralRecordingsIsAsLongAsItsMeasuredAudioTogether()
    {
        var call = Stored(OtherRecordingSid, Stored());

        call.RecordInsight(RecordingSid, Metrics, [], 10.4, Now).ShouldBeTrue();
        call.LengthSeconds.ShouldBe(10, "measured so far");
        call.RecordInsight(OtherRecordingSid, Metrics, [], 5.3, Now).ShouldBeTrue();

        call.LengthSeconds.ShouldBe(16);
        CallLog.LengthOf(31, [null, null]).ShouldBe(31, "nothing measured: what Twilio said");
        CallLog.LengthOf(null, []).ShouldBeNull();
    }

    [Fact]
    public void TheCallsSilenceIsItsMeasuredRecordingsSilenceTogether()
    {
        var call = Stored(OtherRecordingSid, Stored());
        call.SilenceSeconds.ShouldBeNull("nothing measured yet");

        call.RecordInsight(RecordingSid, Metrics with { SilenceSeconds = 2.25 }, [], 10.4, Now).ShouldBeTrue();
        call.SilenceSeconds.ShouldBe(2.25);
        call.RecordInsight(OtherRecordingSid, Metrics with { SilenceSeconds = 1.5 }, [], 5.3, Now).ShouldBeTrue();
        call.SilenceSeconds.ShouldBe(3.75);
        call.RecordInsight(RecordingSid, Metrics with { SilenceSeconds = 4 }, [], 10.4, Now).ShouldBeTrue();
        call.SilenceSeconds.ShouldBe(5.5, "measured again: the new figure replaces the old");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AMeasuredLengthIsAFiniteNumberOfSeconds(double seconds)
    {
        var call = Stored();

        Should.Throw<ArgumentOutOfRangeException>(() => call.RecordInsight(RecordingSid, Metrics, [], seconds, Now));
    }
}
