using Recordings.Application.Common.Models;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Webhooks.Commands.RecordCallStatus;

/// <summary>
/// Twilio's call-status callback, field by field as Twilio names them. A callback with <paramref name="ParentCallSid"/>
/// is of a leg of that call (the dial through to an agent): the leg is kept without a business (never listed), and its
/// parties attribute the parent call.
/// </summary>
public sealed record RecordCallStatusCommand(
    string? CallSid,
    string? AccountSid,
    string? From,
    string? To,
    string? Direction,
    string? CallStatus,
    string? CallDuration,
    string? Timestamp,
    string? ParentCallSid = null) : ICommand, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_webhook";
}

public sealed partial class RecordCallStatusCommandHandler(
    ICallRepository calls,
    IBusinessRepository businesses,
    IAccountDirectory accounts,
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

        var now = time.GetUtcNow();
        if (command.ParentCallSid is { } parentCallSid)
        {
            await RecordLegAsync(command, report, parentCallSid, now, cancellationToken);
            return Unit.Value;
        }

        // Inbound calls belong to the business that owns the number called; outbound ones to the number calling.
        var businessNumber = direction == CallDirection.Inbound ? report.To : report.From;
        var businessId = await businesses.FindOwnerOfNumberAsync(businessNumber, cancellationToken);
        if (businessId is null)
        {
            LogNoBusiness(logger, command.CallSid!, businessNumber);
        }

        await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.GetOrCreateForUpdateAsync(command.CallSid!, command.AccountSid!, now, ct);
            var changed = call.ApplyStatus(report, businessId, now);
            if (call.BusinessId is { } business)
            {
                // Its own parties, and those of its legs heard before it (a leg's callback may come first).
                var parties = new List<string> { call.From!, call.To! };
                parties.AddRange(await calls.ListLegPartiesAsync(call.CallSid, ct));
                changed |= call.AttributeTo(await AccountsAmongAsync(business, parties, ct), now);
            }

            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);

        return Unit.Value;
    }

    /// <summary>
    /// A leg of another call: kept (so that the parent, if it is heard of later, finds its parties) without a business,
    /// and the parent, when it is known and has a business, is attributed to the accounts among the leg's parties. The
    /// parent's lock is taken after the leg's; the parent's own callback takes only the parent's, and reads its legs
    /// under it, so that a leg and its parent heard at once are attributed whichever commits first.
    /// </summary>
    private async Task RecordLegAsync(RecordCallStatusCommand command, CallStatusReport report, string parentCallSid, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        await unitOfWork.InTransactionAsync(async ct =>
        {
            var leg = await calls.GetOrCreateForUpdateAsync(command.CallSid!, command.AccountSid!, now, ct);
            var changed = leg.ApplyStatus(report, null, now) | leg.MarkAsLegOf(parentCallSid, now);
            if (await calls.FindForUpdateAsync(parentCallSid, ct) is { BusinessId: { } business } parent)
            {
                changed |= parent.AttributeTo(await AccountsAmongAsync(business, [report.From, report.To], ct), now);
            }

            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);

    /// <summary>The business's accounts whose identity is one of the parties (a party that is no identity names none).</summary>
    private async Task<IReadOnlyList<Guid>> AccountsAmongAsync(Guid businessId, IEnumerable<string> parties, CancellationToken cancellationToken)
    {
        var identities = parties.Select(p => AccountIdentity.TryParse(p, out var identity) ? identity.Value : null).OfType<string>().ToList();
        return await accounts.FindByIdentitiesAsync(businessId, identities, cancellationToken);
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
        RuleFor(c => c.ParentCallSid).Must(Sid.IsCallSid).When(c => c.ParentCallSid is not null)
            .WithMessage("'ParentCallSid' must be CA followed by 32 hex digits.");
        RuleFor(c => c.ParentCallSid).NotEqual(c => c.CallSid).When(c => c.ParentCallSid is not null)
            .WithMessage("A call is not a leg of itself.");
    }
}
