using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;

namespace Recordings.Application.Retention.Commands.SetRetention;

/// <summary>A business's retention policy, as the admin API reads and writes it (null days: kept forever).</summary>
public sealed record RetentionDto(int? AudioDays, int? TranscriptDays);

/// <summary>Sets how long a business's audio and transcripts are kept; the retention sweep applies it.</summary>
public sealed record SetRetentionCommand(Guid BusinessId, int? AudioDays, int? TranscriptDays) : ICommand<RetentionDto>;

public sealed class SetRetentionCommandHandler(IBusinessRepository businesses, IUnitOfWork unitOfWork)
    : ICommandHandler<SetRetentionCommand, RetentionDto>
{
    public async ValueTask<RetentionDto> Handle(SetRetentionCommand command, CancellationToken cancellationToken)
    {
        var business = await businesses.FindAsync(command.BusinessId, cancellationToken)
            ?? throw new NotFoundException("business_not_found", "There is no such business.");
        business.SetRetention(command.AudioDays, command.TranscriptDays);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return new RetentionDto(business.AudioRetentionDays, business.TranscriptRetentionDays);
    }
}

public sealed class SetRetentionCommandValidator : AbstractValidator<SetRetentionCommand>
{
    public SetRetentionCommandValidator()
    {
        RuleFor(c => c.AudioDays).RetentionDays("audioDays", "audio");
        RuleFor(c => c.TranscriptDays).RetentionDays("transcriptDays", "transcripts");
    }
}

/// <summary>The rule of a retention period, wherever one is set (the operator's API and the business's own administration).</summary>
public static class RetentionRules
{
    public static IRuleBuilderOptions<T, int?> RetentionDays<T>(this IRuleBuilder<T, int?> rule, string field, string what) =>
        rule.Must(days => days is null or >= 1 and <= Business.MaxRetentionDays)
            .WithMessage($"'{field}' must be between 1 and {Business.MaxRetentionDays} days, or null to keep {what} forever.");
}
