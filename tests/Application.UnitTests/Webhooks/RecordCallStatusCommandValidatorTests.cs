using FluentValidation.TestHelper;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Webhooks;

public sealed class RecordCallStatusCommandValidatorTests
{
    private static readonly RecordCallStatusCommand Valid =
        new(CallSid, AccountSid, "+15551230001", "+15551239999", "inbound", "completed", "30", "Mon, 16 Aug 2010 03:45:01 +0000");

    // Twilio's timestamps are checked against the present: the tests' present is just after Valid's timestamp.
    private static readonly DateTimeOffset Now = new(2010, 8, 16, 3, 46, 0, TimeSpan.Zero);

    private readonly RecordCallStatusCommandValidator _validator = new(new FakeTimeProvider(Now));

    [Fact]
    public void AcceptsACompleteReport()
    {
        _validator.TestValidate(Valid).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void AcceptsAReportWithoutTheOptionalFields()
    {
        _validator.TestValidate(Valid with { CallDuration = null, Timestamp = null }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("client:alice")]
    [InlineData("sip:alice@example.com")]
    [InlineData("Anonymous")]
    public void AcceptsPartiesThatAreNotPhoneNumbers(string party)
    {
        _validator.TestValidate(Valid with { From = party }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("inbound")]
    [InlineData("outbound-api")]
    [InlineData("outbound-dial")]
    public void AcceptsEveryDirection(string direction)
    {
        _validator.TestValidate(Valid with { Direction = direction }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(RecordingSid)]
    [InlineData("CA0123456789abcdef0123456789abcde")]
    public void RejectsAMissingOrMalformedCallSid(string? value)
    {
        _validator.TestValidate(Valid with { CallSid = value }).ShouldHaveValidationErrorFor(c => c.CallSid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(CallSid)]
    public void RejectsAMissingOrMalformedAccountSid(string? value)
    {
        _validator.TestValidate(Valid with { AccountSid = value }).ShouldHaveValidationErrorFor(c => c.AccountSid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+1555\n1230001")]
    [InlineData("+15551230001\u0000")]
    public void RejectsAMissingOrMalformedFrom(string? value)
    {
        _validator.TestValidate(Valid with { From = value }).ShouldHaveValidationErrorFor(c => c.From);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+1555\r1230001")]
    public void RejectsAMissingOrMalformedTo(string? value)
    {
        _validator.TestValidate(Valid with { To = value }).ShouldHaveValidationErrorFor(c => c.To);
    }

    [Fact]
    public void RejectsAnOverlongParty()
    {
        _validator.TestValidate(Valid with { To = "sip:" + new string('a', 61) }).ShouldHaveValidationErrorFor(c => c.To);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("outbound")]
    [InlineData("Inbound")]
    public void RejectsAMissingOrMalformedDirection(string? value)
    {
        _validator.TestValidate(Valid with { Direction = value }).ShouldHaveValidationErrorFor(c => c.Direction);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("answered")]
    [InlineData("unknown")]
    public void RejectsAMissingOrMalformedCallStatus(string? value)
    {
        _validator.TestValidate(Valid with { CallStatus = value }).ShouldHaveValidationErrorFor(c => c.CallStatus);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData(" 30")]
    [InlineData("99999999999")]
    public void RejectsAMalformedCallDuration(string value)
    {
        _validator.TestValidate(Valid with { CallDuration = value }).ShouldHaveValidationErrorFor(c => c.CallDuration);
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("2147483647")]
    public void RejectsACallDurationOfMoreThanADay(string value)
    {
        _validator.TestValidate(Valid with { CallDuration = value }).ShouldHaveValidationErrorFor(c => c.CallDuration)
            .WithErrorMessage("'CallDuration' must be a whole number of seconds from 0 to 86400 (24 hours).");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3600")]
    [InlineData("86400")]
    public void AcceptsAWholeCallDuration(string value)
    {
        _validator.TestValidate(Valid with { CallDuration = value }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("Mon, 16 Aug 2010 25:45:01 +0000")]
    [InlineData("16/16/2010")]
    public void RejectsAMalformedTimestamp(string value)
    {
        _validator.TestValidate(Valid with { Timestamp = value }).ShouldHaveValidationErrorFor(c => c.Timestamp);
    }

    [Theory]
    [InlineData("Mon, 16 Aug 2010 03:45:01 +0000")]
    [InlineData("2010-08-16T03:45:01Z")]
    public void AcceptsRfc1123AndIso8601Timestamps(string value)
    {
        _validator.TestValidate(Valid with { Timestamp = value }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("Mon, 01 Jan 0001 00:00:00 +0000")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 +0000")]
    [InlineData("2010-07-16T03:45:59Z")] // just over 30 days before the present
    [InlineData("2010-08-17T03:46:01Z")] // just over a day after it
    public void RejectsATimestampFarFromThePresent(string value)
    {
        _validator.TestValidate(Valid with { Timestamp = value }).ShouldHaveValidationErrorFor(c => c.Timestamp)
            .WithErrorMessage("'Timestamp' must be an RFC 1123 or ISO 8601 date within 30 days before and 1 day after the present.");
    }

    [Theory]
    [InlineData("2010-07-17T03:46:00Z")] // 30 days before
    [InlineData("2010-08-17T03:46:00Z")] // a day after (clock skew)
    public void AcceptsATimestampNearThePresent(string value)
    {
        _validator.TestValidate(Valid with { Timestamp = value }).ShouldNotHaveAnyValidationErrors();
    }
}
