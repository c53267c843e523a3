using FluentValidation;
using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Sso.Commands;

/// <summary>
/// Sets a business's single sign-on, the whole of it (an absent optional field takes its default); a null
/// <see cref="ClientSecret"/> keeps the stored secret, and the first configuration must carry one.
/// </summary>
public sealed record SetSsoCommand(
    Guid BusinessId,
    string? Issuer,
    string? ClientId,
    string? ClientSecret,
    string? EmailClaim,
    string? RoleClaim,
    IReadOnlyDictionary<string, string?>? RoleValues,
    string? TeamsClaim,
    string? Provision,
    bool? PasswordLogin) : ICommand<SsoSettingsDto>;

public sealed class SetSsoCommandHandler(IBusinessRepository businesses, IBusinessSsoStore store) : ICommandHandler<SetSsoCommand, SsoSettingsDto>
{
    public async ValueTask<SsoSettingsDto> Handle(SetSsoCommand command, CancellationToken cancellationToken)
    {
        if (!await businesses.ExistsAsync(command.BusinessId, cancellationToken))
        {
            throw SsoErrors.NoBusiness();
        }
        var stored = await store.FindAsync(command.BusinessId, cancellationToken);
        if (command.ClientSecret is null && stored is not { HasClientSecret: true })
        {
            throw RequestValidationException.ForField(RequestValidationException.DefaultCode, "clientSecret",
                "'clientSecret' is required when the business has none stored.");
        }
        var settings = new SsoSettings(
            command.Issuer!.Trim().TrimEnd('/'),
            command.ClientId!.Trim(),
            string.IsNullOrWhiteSpace(command.EmailClaim) ? "email" : command.EmailClaim.Trim(),
            string.IsNullOrWhiteSpace(command.RoleClaim) ? null : command.RoleClaim.Trim(),
            (command.RoleValues ?? new Dictionary<string, string?>()).ToDictionary(kv => kv.Key, kv => kv.Value!.Trim(), StringComparer.Ordinal),
            string.IsNullOrWhiteSpace(command.TeamsClaim) ? null : command.TeamsClaim.Trim(),
            command.Provision ?? SsoProvision.Existing,
            command.PasswordLogin ?? true);
        await store.SaveAsync(command.BusinessId, settings, command.ClientSecret, cancellationToken);
        return SsoSettingsDto.Of(settings, hasClientSecret: true);
    }
}

public sealed class SetSsoCommandValidator : AbstractValidator<SetSsoCommand>
{
    public SetSsoCommandValidator()
    {
        RuleFor(c => c.Issuer).Must(SsoRules.IsIssuer).OverridePropertyName("issuer")
            .WithMessage($"'issuer' must be an absolute https URL (http only on a loopback host) without query or fragment, at most {SsoRules.MaxIssuerLength} characters.");
        RuleFor(c => c.ClientId).NotEmpty().MaximumLength(SsoRules.MaxClientIdLength).OverridePropertyName("clientId");
        RuleFor(c => c.ClientSecret).NotEmpty().MaximumLength(SsoRules.MaxClientSecretLength).OverridePropertyName("clientSecret")
            .When(c => c.ClientSecret is not null);
        RuleFor(c => c.EmailClaim).MaximumLength(SsoRules.MaxClaimNameLength).OverridePropertyName("emailClaim");
        RuleFor(c => c.RoleClaim).MaximumLength(SsoRules.MaxClaimNameLength).OverridePropertyName("roleClaim");
        RuleFor(c => c.TeamsClaim).MaximumLength(SsoRules.MaxClaimNameLength).OverridePropertyName("teamsClaim");
        RuleFor(c => c.Provision).Must(p => p is null or SsoProvision.Existing or SsoProvision.Create).OverridePropertyName("provision")
            .WithMessage("'provision' must be 'existing' or 'create'.");
        RuleFor(c => c.RoleValues)
            .Must(values => values!.Keys.All(SsoRules.Roles.Contains))
            .WithMessage($"'roleValues' may name only the roles {string.Join(", ", SsoRules.Roles)}.")
            .Must(values => values!.Values.All(v => !string.IsNullOrWhiteSpace(v) && v.Length <= SsoRules.MaxClaimValueLength))
            .WithMessage($"Each of 'roleValues' must be a value of 1 to {SsoRules.MaxClaimValueLength} characters.")
            .OverridePropertyName("roleValues")
            .When(c => c.RoleValues is not null);
        RuleFor(c => c.RoleClaim).NotEmpty().OverridePropertyName("roleClaim")
            .WithMessage("'roleClaim' is required when 'roleValues' are given.")
            .When(c => c.RoleValues is { Count: > 0 });
    }
}

/// <summary>Turns a business's single sign-on off (its accounts keep their passwords, if any).</summary>
public sealed record DeleteSsoCommand(Guid BusinessId) : ICommand;

public sealed class DeleteSsoCommandHandler(IBusinessRepository businesses, IBusinessSsoStore store) : ICommandHandler<DeleteSsoCommand>
{
    public async ValueTask<Unit> Handle(DeleteSsoCommand command, CancellationToken cancellationToken)
    {
        if (!await businesses.ExistsAsync(command.BusinessId, cancellationToken))
        {
            throw SsoErrors.NoBusiness();
        }
        if (!await store.DeleteAsync(command.BusinessId, cancellationToken))
        {
            throw SsoErrors.NotConfigured();
        }
        return Unit.Value;
    }
}
