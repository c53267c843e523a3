using Recordings.Domain.Businesses;
using Recordings.Domain.Common;

namespace Recordings.Domain.Organisation;

/// <summary>
/// A named group of a business's accounts: its members (set on each account), its supervisors, and the phone numbers
/// it answers (the line: a call on one of them is the team's call).
/// </summary>
public sealed class Team
{
    public const int MaxNameLength = 100;

    private readonly List<TeamPhoneNumber> _phoneNumbers = [];
    private readonly List<TeamSupervisor> _supervisors = [];

    private Team(Guid id, Guid businessId, string name, DateTimeOffset createdAt)
    {
        Id = id;
        BusinessId = businessId;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<TeamPhoneNumber> PhoneNumbers => _phoneNumbers;

    public IReadOnlyCollection<TeamSupervisor> Supervisors => _supervisors;

    public static Team Create(Guid businessId, string? name, DateTimeOffset now)
    {
        var team = new Team(Guid.CreateVersion7(now), businessId, string.Empty, now);
        team.Rename(name);
        return team;
    }

    public void Rename(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new DomainRuleException("invalid_team", $"A team's name has 1 to {MaxNameLength} characters.");
        }

        Name = trimmed;
    }

    /// <summary>The numbers the team answers: each must be one of <paramref name="businessNumbers"/> (the business's own).</summary>
    public void SetPhoneNumbers(IEnumerable<string> numbers, IReadOnlyCollection<string> businessNumbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(businessNumbers);
        var wanted = numbers.Distinct(StringComparer.Ordinal).ToList();
        var foreign = wanted.Where(n => !PhoneNumber.IsValid(n) || !businessNumbers.Contains(n)).ToList();
        if (foreign.Count > 0)
        {
            throw new DomainRuleException("number_not_owned", $"{string.Join(", ", foreign)}: not a number of this business.");
        }

        _phoneNumbers.RemoveAll(p => !wanted.Contains(p.Number));
        _phoneNumbers.AddRange(wanted.Where(n => !_phoneNumbers.Exists(p => p.Number == n)).Select(n => new TeamPhoneNumber(n)));
    }

    /// <summary>The accounts that supervise the team (each an account of the business: the caller checks).</summary>
    public void SetSupervisors(IEnumerable<Guid> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var wanted = accountIds.Distinct().ToList();
        _supervisors.RemoveAll(s => !wanted.Contains(s.AccountId));
        _supervisors.AddRange(wanted.Where(id => !_supervisors.Exists(s => s.AccountId == id)).Select(id => new TeamSupervisor(id)));
    }
}

/// <summary>A number a team answers; a number is answered by at most one team.</summary>
public sealed class TeamPhoneNumber(string number)
{
    public string Number { get; private set; } = number;
}

/// <summary>An account that supervises a team.</summary>
public sealed class TeamSupervisor(Guid accountId)
{
    public Guid AccountId { get; private set; } = accountId;
}
