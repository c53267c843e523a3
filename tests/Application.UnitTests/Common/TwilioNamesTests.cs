using Recordings.Application.Common.Models;
using Recordings.Domain.Calls;

namespace Recordings.Application.UnitTests.Common;

public sealed class TwilioNamesTests
{
    [Theory]
    [InlineData("inbound", CallDirection.Inbound)]
    [InlineData("outbound-api", CallDirection.OutboundApi)]
    [InlineData("outbound-dial", CallDirection.OutboundDial)]
    public void DirectionNamesRoundTrip(string name, CallDirection direction)
    {
        TwilioNames.ParseDirection(name).ShouldBe(direction);
        TwilioNames.TryParseDirection(name, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(direction);
        direction.ToName().ShouldBe(name);
    }

    [Theory]
    [InlineData("queued", CallStatus.Queued)]
    [InlineData("initiated", CallStatus.Initiated)]
    [InlineData("ringing", CallStatus.Ringing)]
    [InlineData("in-progress", CallStatus.InProgress)]
    [InlineData("completed", CallStatus.Completed)]
    [InlineData("busy", CallStatus.Busy)]
    [InlineData("no-answer", CallStatus.NoAnswer)]
    [InlineData("canceled", CallStatus.Canceled)]
    [InlineData("failed", CallStatus.Failed)]
    public void StatusNamesRoundTrip(string name, CallStatus status)
    {
        TwilioNames.ParseStatus(name).ShouldBe(status);
        TwilioNames.TryParseStatus(name, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(status);
        status.ToName().ShouldBe(name);
    }

    [Fact]
    public void EveryKnownDirectionHasANameThatParsesBack()
    {
        foreach (var direction in Enum.GetValues<CallDirection>().Where(d => d != CallDirection.Unknown))
        {
            TwilioNames.ParseDirection(direction.ToName()).ShouldBe(direction);
        }
    }

    [Fact]
    public void EveryKnownStatusHasANameThatParsesBack()
    {
        foreach (var status in Enum.GetValues<CallStatus>().Where(s => s != CallStatus.Unknown))
        {
            TwilioNames.ParseStatus(status.ToName()).ShouldBe(status);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("outbound")]
    [InlineData("inbound ")]
    public void UnknownDirectionNamesDoNotParse(string? name)
    {
        TwilioNames.TryParseDirection(name, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => TwilioNames.ParseDirection(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("complete")]
    [InlineData("in_progress")]
    public void UnknownStatusNamesDoNotParse(string? name)
    {
        TwilioNames.TryParseStatus(name, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => TwilioNames.ParseStatus(name));
    }

    [Fact]
    public void UnknownValuesAreNamedUnknown()
    {
        CallDirection.Unknown.ToName().ShouldBe("unknown");
        CallStatus.Unknown.ToName().ShouldBe("unknown");
    }

    [Theory]
    [InlineData(CallStatus.Unknown, false)]
    [InlineData(CallStatus.Queued, false)]
    [InlineData(CallStatus.Initiated, false)]
    [InlineData(CallStatus.Ringing, false)]
    [InlineData(CallStatus.InProgress, false)]
    [InlineData(CallStatus.Completed, true)]
    [InlineData(CallStatus.Busy, true)]
    [InlineData(CallStatus.NoAnswer, true)]
    [InlineData(CallStatus.Canceled, true)]
    [InlineData(CallStatus.Failed, true)]
    public void OnlyTheEndingsOfACallAreFinal(CallStatus status, bool final)
    {
        status.IsFinal().ShouldBe(final);
    }

    [Theory]
    [InlineData(RecordingState.Missing, "missing")]
    [InlineData(RecordingState.Remote, "remote")]
    [InlineData(RecordingState.Queued, "queued")]
    [InlineData(RecordingState.Downloading, "downloading")]
    [InlineData(RecordingState.Ready, "ready")]
    [InlineData(RecordingState.Failed, "failed")]
    public void RecordingStatesUseTheApiNames(RecordingState state, string name)
    {
        state.ToName().ShouldBe(name);
    }

    [Theory]
    [InlineData(ProcessingState.None, "none")]
    [InlineData(ProcessingState.Queued, "queued")]
    [InlineData(ProcessingState.Running, "running")]
    [InlineData(ProcessingState.Done, "done")]
    [InlineData(ProcessingState.Failed, "failed")]
    [InlineData(ProcessingState.Disabled, "disabled")]
    public void ProcessingStatesUseTheApiNames(ProcessingState state, string name)
    {
        state.ToName().ShouldBe(name);
    }
}
