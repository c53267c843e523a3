using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Manage.Settings;
using Recordings.Application.Retention.Commands.SetRetention;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Retention;

/// <summary>The viewer's business's retention policy (the operator's <c>GetRetentionQuery</c>, for the business's own admin).</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record GetBusinessRetentionQuery : IQuery<RetentionDto>;

public sealed class GetBusinessRetentionQueryHandler(ICurrentViewer currentViewer, IBusinessRepository businesses)
    : IQueryHandler<GetBusinessRetentionQuery, RetentionDto>
{
    public async ValueTask<RetentionDto> Handle(GetBusinessRetentionQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        var business = await businesses.FindAsync(viewer.BusinessId, cancellationToken) ?? throw GetBusinessSettingsQueryHandler.BusinessNotFound();
        return new RetentionDto(business.AudioRetentionDays, business.TranscriptRetentionDays);
    }
}

/// <summary>
/// Sets the viewer's business's retention policy, as the operator's <c>SetRetentionCommand</c> does (the same body, rules
/// and answer: the whole policy; an absent field keeps forever), audited as <c>retention_changed</c>.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record SetBusinessRetentionCommand(int? AudioDays, int? TranscriptDays) : ICommand<RetentionDto>;

public sealed class SetBusinessRetentionCommandHandler(BusinessAdministration administration, IBusinessRepository businesses, IUnitOfWork unitOfWork)
    : ICommandHandler<SetBusinessRetentionCommand, RetentionDto>
{
    public async ValueTask<RetentionDto> Handle(SetBusinessRetentionCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var business = await businesses.FindAsync(viewer.BusinessId, ct) ?? throw GetBusinessSettingsQueryHandler.BusinessNotFound();
            var before = new RetentionDto(business.AudioRetentionDays, business.TranscriptRetentionDays);
            business.SetRetention(command.AudioDays, command.TranscriptDays);
            var after = new RetentionDto(business.AudioRetentionDays, business.TranscriptRetentionDays);
            if (after == before)
            {
                return new ChangeOutcome<RetentionDto>(after, null);
            }

            await unitOfWork.SaveChangesAsync(ct);
            var detail = new ChangeDetail().Changed("audioDays", Days(before.AudioDays), Days(after.AudioDays))
                .Changed("transcriptDays", Days(before.TranscriptDays), Days(after.TranscriptDays));
            return new ChangeOutcome<RetentionDto>(after, new AuditedChange(AuditAction.RetentionChanged, "business", detail.ToString()));
        }, changesOrgChart: false, cancellationToken);

    private static string Days(int? days) => days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "forever";
}

public sealed class SetBusinessRetentionCommandValidator : AbstractValidator<SetBusinessRetentionCommand>
{
    public SetBusinessRetentionCommandValidator()
    {
        RuleFor(c => c.AudioDays).RetentionDays("audioDays", "audio");
        RuleFor(c => c.TranscriptDays).RetentionDays("transcriptDays", "transcripts");
    }
}
