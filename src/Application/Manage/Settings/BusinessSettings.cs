using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Domain.Businesses;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Settings;

/// <summary>The business's settings: which calls its agents see, and (read only) the numbers it owns.</summary>
public sealed record BusinessSettingsDto(string AgentsSee, IReadOnlyList<string> PhoneNumbers);

/// <summary>The viewer's business's settings.</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record GetBusinessSettingsQuery : IQuery<BusinessSettingsDto>;

public sealed class GetBusinessSettingsQueryHandler(ICurrentViewer currentViewer, IBusinessRepository businesses)
    : IQueryHandler<GetBusinessSettingsQuery, BusinessSettingsDto>
{
    public async ValueTask<BusinessSettingsDto> Handle(GetBusinessSettingsQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        var business = await businesses.FindAsync(viewer.BusinessId, cancellationToken) ?? throw BusinessNotFound();
        return await SettingsOf(business, businesses, cancellationToken);
    }

    internal static async Task<BusinessSettingsDto> SettingsOf(Business business, IBusinessRepository businesses, CancellationToken cancellationToken) =>
        new(OrganisationNames.Of(business.AgentsSee), await businesses.ListPhoneNumbersAsync(business.Id, cancellationToken));

    internal static NotFoundException BusinessNotFound() => new("business_not_found", "There is no such business.");
}

/// <summary>Sets which calls the business's agents see (<c>own</c>, <c>team</c> or <c>business</c>); takes effect on every agent's next request.</summary>
[RequiresRole(AccountRole.Admin)]
public sealed record SetBusinessSettingsCommand(string? AgentsSee) : ICommand<BusinessSettingsDto>;

public sealed class SetBusinessSettingsCommandHandler(BusinessAdministration administration, IBusinessRepository businesses, IUnitOfWork unitOfWork)
    : ICommandHandler<SetBusinessSettingsCommand, BusinessSettingsDto>
{
    public async ValueTask<BusinessSettingsDto> Handle(SetBusinessSettingsCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var business = await businesses.FindAsync(viewer.BusinessId, ct) ?? throw GetBusinessSettingsQueryHandler.BusinessNotFound();
            var before = business.AgentsSee;
            var setting = OrganisationNames.TryParseAgentsSee(command.AgentsSee, out var parsed) ? parsed : before;
            var changed = business.SetAgentsSee(setting);
            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            var detail = new ChangeDetail().Changed("agentsSee", OrganisationNames.Of(before), OrganisationNames.Of(setting));
            return new ChangeOutcome<BusinessSettingsDto>(await GetBusinessSettingsQueryHandler.SettingsOf(business, businesses, ct),
                changed ? new AuditedChange(AuditAction.SettingsChanged, "business", detail.ToString()) : null);
        }, changesOrgChart: true, cancellationToken);
}

public sealed class SetBusinessSettingsCommandValidator : AbstractValidator<SetBusinessSettingsCommand>
{
    public SetBusinessSettingsCommandValidator() =>
        RuleFor(c => c.AgentsSee).Must(s => OrganisationNames.TryParseAgentsSee(s, out _)).WithMessage("'agentsSee' is own, team or business.");
}
