using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Common.Models;

/// <summary>A list that is read whole: <c>{ "items": [...] }</c>.</summary>
public sealed record ItemsDto<T>(IReadOnlyList<T> Items);

/// <summary>An account of the business, as <c>/api/manage/agents</c> shows it.</summary>
public sealed record AccountDto(
    Guid Id, string Email, string DisplayName, string Role, IReadOnlyList<Guid> TeamIds, IReadOnlyList<string> Identities, bool Disabled)
{
    public static AccountDto Of(ManagedAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountDto(account.Id, account.Email, account.DisplayName, OrganisationNames.Of(account.Role), account.TeamIds,
            account.Identities, account.Disabled);
    }
}

/// <summary>A team of the business, as <c>/api/manage/teams</c> shows it.</summary>
public sealed record TeamDto(
    Guid Id, string Name, IReadOnlyList<string> PhoneNumbers, IReadOnlyList<Guid> SupervisorIds, IReadOnlyList<Guid> MemberIds);
