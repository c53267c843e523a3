using Recordings.Application.Common.Models;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;

namespace Recordings.Application.Webhooks.Commands.RecordCallStatus;

/// <summary>Twilio's call-status callback, field by field as Twilio names them.</summary>
public sealed record RecordCallStatusCommand(
    string? CallSid,
    string? AccountSid,
    string? From,
    string? To,
    string? Direction,
    string? CallStatus,
    string? CallDuration,
    string? Timestamp) : ICommand, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_webhook";
}

public sealed partial class RecordCallStatusCommandHandler(
    ICallRepository calls,
    IBusinessRepository businesses,
    IUnitOfWork unitOfWork,
    TimeProvider time,
    ILogger<RecordCallStatusCommandHandler> logger) : ICommandHandler<RecordCallStatusCommand>
{
    public async ValueTask<Unit> Handle(RecordCallStatusCommand command, CancellationToken cancellationToken)
    {
        var direction = TwilioNames.ParseDirection(command.Direction);
        var report = new CallStatusReport(
            command.From!,
            command.To!,
            direction,
            TwilioNames.ParseStatus(command.CallStatus),
            WebhookFields.ParseCount(command.CallDuration),
            WebhookFields.ParseTimestamp(command.Timestamp));

        // Inbound calls belong to the business that owns the number called; outbound ones to the number calling.
        var businessNumber = direction == CallDirection.Inbound ? report.To : report.From;
        var businessId = await businesses.FindOwnerOfNumberAsync(businessNumber, cancellationToken);
        if (businessId is null)
        {
            LogNoBusiness(logger, command.CallSid!, businessNumber);
        }

        var now = time.GetUtcNow();
        await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.GetOrCreateForUpdateAsync(command.CallSid!, command.AccountSid!, now, ct);
            if (call.ApplyStatus(report, businessId, now))
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);

        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid} is on {Number}, which no business owns: kept without a business")]
    private static partial void LogNoBusiness(ILogger logger, string callSid, string number);
}

public sealed class RecordCallStatusCommandValidator : AbstractValidator<RecordCallStatusCommand>
{
    public RecordCallStatusCommandValidator(TimeProvider time)
    {
        RuleFor(c => c.CallSid).Must(Sid.IsCallSid).WithMessage("'CallSid' must be CA followed by 32 hex digits.");
        RuleFor(c => c.AccountSid).Must(Sid.IsAccountSid).WithMessage("'AccountSid' must be AC followed by 32 hex digits.");
        RuleFor(c => c.From).Party();
        RuleFor(c => c.To).Party();
        RuleFor(c => c.Direction).Must(d => TwilioNames.TryParseDirection(d, out _))
            .WithMessage("'Direction' must be inbound, outbound-api or outbound-dial.");
        RuleFor(c => c.CallStatus).Must(s => TwilioNames.TryParseStatus(s, out _))
            .WithMessage("'CallStatus' is not one of Twilio's call statuses.");
        RuleFor(c => c.CallDuration).OptionalDuration();
        RuleFor(c => c.Timestamp).RecentTimestamp(time);
    }
}
