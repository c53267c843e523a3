using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Domain.Businesses;
using Recordings.Domain.Organisation;
using Recordings.Domain.Redaction;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Options;

namespace Recordings.Application.Manage.Settings;

/// <summary>The business's settings: which calls its agents see, its redaction, and (read only) the numbers it owns.</summary>
public sealed record BusinessSettingsDto(string AgentsSee, IReadOnlyList<string> PhoneNumbers, RedactionSettingsDto Redaction);

/// <summary>
/// Redaction as the settings show and take it: on or off, the entities removed (<c>card</c>, <c>cvv</c>, <c>expiry</c>,
/// <c>israeliId</c>, <c>phone</c>, <c>email</c>), the audio over them (<c>silence</c> or <c>beep</c>) and the original's
/// fate (<c>delete</c> or <c>keep</c>). In a PUT every field is optional: an absent one stays as it is.
/// </summary>
public sealed record RedactionSettingsDto(bool? Enabled, IReadOnlyList<string>? Entities, string? Audio, string? Original)
{
    public static RedactionSettingsDto Of(RedactionPolicy policy) => new(
        policy.Enabled,
        [.. policy.Entities.Select(RedactedEntities.NameOf)],
        policy.Audio == RedactionAudio.Beep ? "beep" : "silence",
        policy.Original == OriginalAudio.Keep ? "keep" : "delete");

    /// <summary>The policy these settings make of <paramref name="current"/> (absent fields kept); values already validated.</summary>
    public RedactionPolicy Apply(RedactionPolicy current) => new(
        Enabled ?? current.Enabled,
        Entities is null ? current.Entities : [.. Entities.Select(e => RedactedEntities.FromName(e)!.Value)],
        Audio is null ? current.Audio : Audio == "beep" ? RedactionAudio.Beep : RedactionAudio.Silence,
        Original is null ? current.Original : Original == "keep" ? OriginalAudio.Keep : OriginalAudio.Delete);
}

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
        new(OrganisationNames.Of(business.AgentsSee), await businesses.ListPhoneNumbersAsync(business.Id, cancellationToken),
            RedactionSettingsDto.Of(business.Redaction));

    internal static NotFoundException BusinessNotFound() => new("business_not_found", "There is no such business.");
}

/// <summary>
/// Sets which calls the business's agents see (<c>own</c>, <c>team</c> or <c>business</c>; takes effect on every agent's
/// next request) and its redaction (for recordings stored from then on). An absent setting stays as it is. Keeping
/// originals needs the operator's master key; redacting needs transcription (409 otherwise).
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record SetBusinessSettingsCommand(string? AgentsSee, RedactionSettingsDto? Redaction = null) : ICommand<BusinessSettingsDto>;

public sealed class SetBusinessSettingsCommandHandler(
    BusinessAdministration administration,
    IBusinessRepository businesses,
    IUnitOfWork unitOfWork,
    IOptions<RedactionOptions> redactionOptions,
    IOptions<TranscriptionOptions> transcription)
    : ICommandHandler<SetBusinessSettingsCommand, BusinessSettingsDto>
{
    public async ValueTask<BusinessSettingsDto> Handle(SetBusinessSettingsCommand command, CancellationToken cancellationToken) =>
        await administration.ChangeAsync(async (viewer, ct) =>
        {
            var business = await businesses.FindAsync(viewer.BusinessId, ct) ?? throw GetBusinessSettingsQueryHandler.BusinessNotFound();
            var before = business.AgentsSee;
            var setting = OrganisationNames.TryParseAgentsSee(command.AgentsSee, out var parsed) ? parsed : before;
            var redactionBefore = business.Redaction;
            var redaction = command.Redaction?.Apply(redactionBefore) ?? redactionBefore;
            if (redaction.Enabled && redaction.Original == OriginalAudio.Keep && !redactionOptions.Value.HasMasterKey)
            {
                throw new ConflictException("master_key_missing",
                    "Keeping originals needs the operator's master key (Redaction:MasterKey), which is not set on this installation.");
            }

            if (redaction.Enabled && !transcription.Value.Enabled)
            {
                throw new ConflictException("transcription_off",
                    "Redaction reads the transcript, and transcription is turned off on this installation.");
            }

            var changed = business.SetAgentsSee(setting) | business.SetRedaction(redaction);
            if (changed)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }

            var detail = new ChangeDetail().Changed("agentsSee", OrganisationNames.Of(before), OrganisationNames.Of(setting))
                .Changed("redaction", Describe(redactionBefore), Describe(business.Redaction));
            return new ChangeOutcome<BusinessSettingsDto>(await GetBusinessSettingsQueryHandler.SettingsOf(business, businesses, ct),
                changed ? new AuditedChange(AuditAction.SettingsChanged, "business", detail.ToString()) : null);
        }, changesOrgChart: true, cancellationToken);

    private static string Describe(RedactionPolicy policy) =>
        policy.Enabled
            ? $"on ({string.Join(' ', policy.Entities.Select(RedactedEntities.NameOf))}; {RedactionSettingsDto.Of(policy).Audio}; original {RedactionSettingsDto.Of(policy).Original})"
            : "off";
}

public sealed class SetBusinessSettingsCommandValidator : AbstractValidator<SetBusinessSettingsCommand>
{
    public SetBusinessSettingsCommandValidator()
    {
        RuleFor(c => c.AgentsSee).Must(s => OrganisationNames.TryParseAgentsSee(s, out _)).WithMessage("'agentsSee' is own, team or business.")
            .When(c => c.AgentsSee is not null || c.Redaction is null);
        When(c => c.Redaction is not null, () =>
        {
            RuleFor(c => c.Redaction!.Entities)
                .Must(e => e!.All(name => RedactedEntities.FromName(name) is not null) && e!.Distinct().Count() == e!.Count)
                .WithMessage("'redaction.entities' names each of card, cvv, expiry, israeliId, phone and email at most once.")
                .When(c => c.Redaction!.Entities is not null)
                .OverridePropertyName("redaction.entities");
            RuleFor(c => c.Redaction!.Audio).Must(a => a is "silence" or "beep")
                .WithMessage("'redaction.audio' is silence or beep.")
                .When(c => c.Redaction!.Audio is not null)
                .OverridePropertyName("redaction.audio");
            RuleFor(c => c.Redaction!.Original).Must(o => o is "delete" or "keep")
                .WithMessage("'redaction.original' is delete or keep.")
                .When(c => c.Redaction!.Original is not null)
                .OverridePropertyName("redaction.original");
            RuleFor(c => c.Redaction!.Entities).Must(e => e!.Count > 0)
                .WithMessage("Redaction that is on removes at least one kind of number.")
                .When(c => c.Redaction!.Enabled == true && c.Redaction!.Entities is not null)
                .OverridePropertyName("redaction.entities");
        });
    }
}
