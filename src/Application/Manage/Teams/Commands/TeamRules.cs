using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Manage.Teams.Commands;

/// <summary>
/// The rules a team's name, numbers and supervisors follow, checked under the business's lock (so two requests cannot
/// both take one name or number): a number is one of the business's own and answered by at most one team; a name is
/// used once in the business, whatever its case; a supervisor is an account of the business.
/// </summary>
public static class TeamRules
{
    public static string Target(Guid teamId) => $"team:{teamId}";

    /// <summary>
    /// 400 naming <c>PhoneNumbers</c> for a number the business does not own; 409 <c>number_taken</c> for one another
    /// team answers. Returns the business's numbers.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EnsureNumbersAsync(
        IBusinessRepository businesses, Guid businessId, Guid? teamId, IReadOnlyCollection<string> numbers, IReadOnlyList<TeamDto> businessTeams,
        CancellationToken cancellationToken)
    {
        if (numbers.Count == 0)
        {
            return [];
        }

        var owned = await businesses.ListPhoneNumbersAsync(businessId, cancellationToken);
        var foreign = numbers.Where(n => !owned.Contains(n, StringComparer.Ordinal)).ToList();
        if (foreign.Count > 0)
        {
            throw ManageErrors.Invalid("PhoneNumbers", $"Not a number of this business: {string.Join(", ", foreign)}.");
        }

        var taken = numbers.Where(n => businessTeams.Any(t => t.Id != teamId && t.PhoneNumbers.Contains(n, StringComparer.Ordinal))).ToList();
        if (taken.Count > 0)
        {
            throw ManageErrors.NumberTaken(taken);
        }

        return owned;
    }

    /// <summary>409 <c>team_name_taken</c> when another team of the business has this name (compared without case).</summary>
    public static void EnsureNameFree(string name, Guid? teamId, IReadOnlyList<TeamDto> businessTeams)
    {
        if (businessTeams.Any(t => t.Id != teamId && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw ManageErrors.TeamNameTaken(name);
        }
    }

    /// <summary>400 naming <c>SupervisorIds</c> for an id that is not an account of the business; else the supervisors' names.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> EnsureSupervisorsAsync(
        IBusinessAccounts accounts, Guid businessId, IReadOnlyCollection<Guid> supervisorIds, CancellationToken cancellationToken)
    {
        var all = await accounts.ListAsync(businessId, cancellationToken);
        var unknown = supervisorIds.Where(id => !all.Any(a => a.Id == id)).ToList();
        if (unknown.Count > 0)
        {
            throw ManageErrors.Invalid("SupervisorIds", $"Not an account of this business: {string.Join(", ", unknown)}.");
        }

        return all.ToDictionary(a => a.Id, a => a.DisplayName);
    }

    public static string Names(IEnumerable<Guid> accountIds, IReadOnlyDictionary<Guid, string> names) =>
        ChangeDetail.List(accountIds.Select(id => names.TryGetValue(id, out var name) ? name : id.ToString()).Order(StringComparer.Ordinal));

    public static string Numbers(IEnumerable<string> numbers) => ChangeDetail.List(numbers.Order(StringComparer.Ordinal));
}
