using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Agents.Commands;

/// <summary>The rules an account's teams and identities follow, checked under the business's lock.</summary>
public static class AccountRules
{
    public static string Target(Guid accountId) => $"account:{accountId}";

    /// <summary>Every team must be one of the business's: another's (or none at all) is a 400 naming <c>TeamIds</c>.</summary>
    public static void EnsureTeamsOfBusiness(IReadOnlyCollection<Guid> teamIds, IReadOnlyList<TeamDto> businessTeams)
    {
        var unknown = teamIds.Where(id => !businessTeams.Any(t => t.Id == id)).ToList();
        if (unknown.Count > 0)
        {
            throw ManageErrors.Invalid("TeamIds", $"Not a team of this business: {string.Join(", ", unknown)}.");
        }
    }

    /// <summary>
    /// An identity names at most one account of the business (a call's party must name one account): one that another
    /// account already has is a 409 <c>identity_taken</c>.
    /// </summary>
    public static async Task EnsureIdentitiesFreeAsync(
        IBusinessAccounts accounts, Guid businessId, Guid? accountId, IReadOnlyList<AccountIdentity> identities, CancellationToken cancellationToken)
    {
        if (identities.Count == 0)
        {
            return;
        }

        var owners = await accounts.FindIdentityOwnersAsync(businessId, [.. identities.Select(i => i.Value)], cancellationToken);
        var taken = owners.Where(o => o.Value != accountId).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        if (taken.Count > 0)
        {
            throw ManageErrors.IdentityTaken(taken);
        }
    }

    /// <summary>The teams' names, as an audit detail lists them.</summary>
    public static string TeamNames(IEnumerable<Guid> teamIds, IReadOnlyList<TeamDto> businessTeams) =>
        ChangeDetail.List(teamIds.Select(id => businessTeams.FirstOrDefault(t => t.Id == id)?.Name ?? id.ToString()).Order(StringComparer.Ordinal));
}
