namespace Recordings.Domain.Organisation;

/// <summary>What an account of a business may do: hear calls, supervise teams, or administer the business.</summary>
public enum AccountRole
{
    /// <summary>Takes calls; sees the calls the business's <see cref="AgentsSee"/> setting lets agents see.</summary>
    Agent,

    /// <summary>Sees their own calls and their supervised teams' calls; may read the business's accounts and teams.</summary>
    Supervisor,

    /// <summary>The business's administrator: every call, the accounts, teams, policies and the audit log.</summary>
    Admin,
}

/// <summary>The business's setting of which calls its agents see.</summary>
public enum AgentsSee
{
    /// <summary>Only the calls attributed to them.</summary>
    Own,

    /// <summary>Their own and their teams' calls.</summary>
    Team,

    /// <summary>Every call of the business (the default: how the product worked before roles).</summary>
    Business,
}

/// <summary>The names the API uses for roles and the agents-see setting (lower case, as in the contract).</summary>
public static class OrganisationNames
{
    public static string Of(AccountRole role) => role switch
    {
        AccountRole.Agent => "agent",
        AccountRole.Supervisor => "supervisor",
        AccountRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Of(AgentsSee setting) => setting switch
    {
        AgentsSee.Own => "own",
        AgentsSee.Team => "team",
        AgentsSee.Business => "business",
        _ => throw new ArgumentOutOfRangeException(nameof(setting)),
    };

    public static bool TryParseRole(string? value, out AccountRole role)
    {
        (var known, role) = value switch
        {
            "agent" => (true, AccountRole.Agent),
            "supervisor" => (true, AccountRole.Supervisor),
            "admin" => (true, AccountRole.Admin),
            _ => (false, AccountRole.Agent),
        };
        return known;
    }

    public static bool TryParseAgentsSee(string? value, out AgentsSee setting)
    {
        (var known, setting) = value switch
        {
            "own" => (true, AgentsSee.Own),
            "team" => (true, AgentsSee.Team),
            "business" => (true, AgentsSee.Business),
            _ => (false, AgentsSee.Business),
        };
        return known;
    }
}
