using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Calls;

public sealed class CallAttributionTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AttributingAddsOnlyNewAgentsAndSaysWhetherAnythingChanged()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        call.AttributeTo([a], Now).ShouldBeTrue();
        call.AttributeTo([a], Now).ShouldBeFalse();
        call.AttributeTo([b, a], Now).ShouldBeTrue();

        call.AgentIds.ShouldBe([a, b]);
    }

    [Fact]
    public void SettingTheAgentsReplacesThem()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        call.AttributeTo([a], Now);

        call.SetAgents([b, b], Now).ShouldBeTrue();
        call.SetAgents([b], Now).ShouldBeFalse();
        call.SetAgents([], Now).ShouldBeTrue();

        call.AgentIds.ShouldBeEmpty();
    }

    [Fact]
    public void ALegNamesItsParentOnceAndNeverItself()
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        const string parent = "CAfedcba9876543210fedcba9876543210";

        call.MarkAsLegOf(parent, Now).ShouldBeTrue();
        call.MarkAsLegOf(parent, Now).ShouldBeFalse();
        call.ParentCallSid.ShouldBe(parent);
        Should.Throw<DomainRuleException>(() => CallLog.Create(CallSid, AccountSid, Now).MarkAsLegOf(CallSid, Now));
    }

    [Theory]
    [InlineData(CallDirection.Inbound, "+15550000009")]
    [InlineData(CallDirection.OutboundApi, "+15550000001")]
    [InlineData(CallDirection.OutboundDial, "+15550000001")]
    public void TheBusinessNumberIsTheNumberCalledInboundAndTheCallerOutbound(CallDirection direction, string expected)
    {
        var call = CallLog.Create(CallSid, AccountSid, Now);
        call.ApplyStatus(new CallStatusReport("+15550000001", "+15550000009", direction, CallStatus.Completed, 30, Now), null, Now);

        call.BusinessNumber.ShouldBe(expected);
    }
}
