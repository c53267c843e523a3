using FluentValidation.TestHelper;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Webhooks;

public sealed class RecordRecordingStatusCommandValidatorTests
{
    private static readonly RecordRecordingStatusCommand Completed = new(
        AccountSid, CallSid, RecordingSid, TwilioRecordingUrl, "completed", "31", "2", "RecordVerb", "Mon, 16 Aug 2010 03:45:01 +0000");

    private readonly RecordRecordingStatusCommandValidator _validator = new();

    [Theory]
    [InlineData("completed")]
    [InlineData("in-progress")]
    [InlineData("absent")]
    [InlineData("failed")]
    public void AcceptsEveryRecordingStatus(string status)
    {
        _validator.TestValidate(Completed with { RecordingStatus = status }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Completed")]
    [InlineData("deleted")]
    public void RejectsAnUnknownRecordingStatus(string? status)
    {
        _validator.TestValidate(Completed with { RecordingStatus = status }).ShouldHaveValidationErrorFor(c => c.RecordingStatus);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(CallSid)]
    public void RejectsAMissingOrMalformedAccountSid(string? value)
    {
        _validator.TestValidate(Completed with { AccountSid = value }).ShouldHaveValidationErrorFor(c => c.AccountSid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(AccountSid)]
    public void RejectsAMissingOrMalformedCallSid(string? value)
    {
        _validator.TestValidate(Completed with { CallSid = value }).ShouldHaveValidationErrorFor(c => c.CallSid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(CallSid)]
    public void CompletedRecordingNeedsARecordingSid(string? value)
    {
        _validator.TestValidate(Completed with { RecordingSid = value }).ShouldHaveValidationErrorFor(c => c.RecordingSid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void CompletedRecordingNeedsAUrl(string? value)
    {
        _validator.TestValidate(Completed with { RecordingUrl = value }).ShouldHaveValidationErrorFor(c => c.RecordingUrl);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("failed")]
    public void AbsentOrFailedRecordingNeedsNeitherSidNorUrl(string status)
    {
        _validator.TestValidate(Completed with { RecordingStatus = status, RecordingSid = null, RecordingUrl = null })
            .ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void AGivenRecordingSidMustBeWellFormedWhateverTheStatus()
    {
        _validator.TestValidate(Completed with { RecordingStatus = "absent", RecordingSid = "RE123" })
            .ShouldHaveValidationErrorFor(c => c.RecordingSid);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    public void RejectsAMalformedDuration(string value)
    {
        _validator.TestValidate(Completed with { RecordingDuration = value }).ShouldHaveValidationErrorFor(c => c.RecordingDuration);
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("2147483647")]
    public void RejectsADurationOfMoreThanADay(string value)
    {
        _validator.TestValidate(Completed with { RecordingDuration = value }).ShouldHaveValidationErrorFor(c => c.RecordingDuration)
            .WithErrorMessage("'RecordingDuration' must be a whole number of seconds from 0 to 86400 (24 hours).");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86400")]
    public void AcceptsADurationFromNothingToADay(string value)
    {
        _validator.TestValidate(Completed with { RecordingDuration = value }).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("two")]
    public void RejectsMalformedChannels(string value)
    {
        _validator.TestValidate(Completed with { RecordingChannels = value }).ShouldHaveValidationErrorFor(c => c.RecordingChannels);
    }

    [Fact]
    public void RejectsAnOverlongUrl()
    {
        _validator.TestValidate(Completed with { RecordingUrl = TwilioRecordingUrl + new string('a', 600) })
            .ShouldHaveValidationErrorFor(c => c.RecordingUrl);
    }
}
