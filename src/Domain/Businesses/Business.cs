using Recordings.Domain.Common;

namespace Recordings.Domain.Businesses;

/// <summary>A customer of the CRM: owns phone numbers, employs agents, and sees the calls on its numbers.</summary>
public sealed class Business
{
    public const int MaxNameLength = 200;

    private readonly List<BusinessPhoneNumber> _phoneNumbers = [];

    private Business(Guid id, string name, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<BusinessPhoneNumber> PhoneNumbers => _phoneNumbers;

    /// <summary>The longest retention a business may set, in days (null keeps forever).</summary>
    public const int MaxRetentionDays = 3650;

    /// <summary>After how many days (from the call's start) recordings' audio is deleted; null keeps it forever.</summary>
    public int? AudioRetentionDays { get; private set; }

    /// <summary>After how many days transcripts and summaries are deleted; null keeps them forever.</summary>
    public int? TranscriptRetentionDays { get; private set; }

    /// <summary>Which calls the business's agents see (<see cref="Organisation.AgentsSee"/>; every call by default).</summary>
    public Organisation.AgentsSee AgentsSee { get; private set; } = Organisation.AgentsSee.Business;

    /// <summary>Sets which calls the business's agents see. Returns whether it changed.</summary>
    public bool SetAgentsSee(Organisation.AgentsSee setting)
    {
        if (!Enum.IsDefined(setting))
        {
            throw new DomainRuleException("invalid_settings", "agentsSee is own, team or business.");
        }

        var changed = AgentsSee != setting;
        AgentsSee = setting;
        return changed;
    }

    /// <summary>Whether and how the business redacts card and identity numbers from its calls (off by default).</summary>
    public Redaction.RedactionPolicy Redaction { get; private set; } = Recordings.Domain.Redaction.RedactionPolicy.Off;

    /// <summary>Sets the redaction policy (for recordings stored from now on). Returns whether it changed.</summary>
    public bool SetRedaction(Redaction.RedactionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Entities.Distinct().Count() != policy.Entities.Count
            || policy.Entities.Any(e => !Enum.IsDefined(e))
            || !Enum.IsDefined(policy.Audio)
            || !Enum.IsDefined(policy.Original))
        {
            throw new DomainRuleException("invalid_settings", "Redaction names each entity once, and its audio and original are known values.");
        }

        if (policy.Enabled && policy.Entities.Count == 0)
        {
            throw new DomainRuleException("invalid_settings", "Redaction that is on removes at least one kind of number.");
        }

        var ordered = policy with { Entities = [.. Recordings.Domain.Redaction.RedactedEntities.All.Where(policy.Entities.Contains)] };
        var changed = !Redaction.SameAs(ordered);
        Redaction = ordered;
        return changed;
    }

    /// <summary>Sets the retention policy: 1 to <see cref="MaxRetentionDays"/> days each, or null to keep forever.</summary>
    public void SetRetention(int? audioDays, int? transcriptDays)
    {
        foreach (var days in new[] { audioDays, transcriptDays })
        {
            if (days is < 1 or > MaxRetentionDays)
            {
                throw new DomainRuleException("invalid_retention", $"A retention period is 1 to {MaxRetentionDays} days, or none.");
            }
        }

        AudioRetentionDays = audioDays;
        TranscriptRetentionDays = transcriptDays;
    }

    public static Business Create(string name, IEnumerable<PhoneNumber> phoneNumbers, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new DomainRuleException("invalid_business", $"A business name has 1 to {MaxNameLength} characters.");
        }

        var business = new Business(Guid.CreateVersion7(now), trimmed, now);
        foreach (var number in phoneNumbers)
        {
            if (business._phoneNumbers.Exists(existing => existing.Number == number.Value))
            {
                throw new DomainRuleException("duplicate_phone_number", $"{number} is listed twice.");
            }

            business._phoneNumbers.Add(new BusinessPhoneNumber(number.Value, business.Id));
        }

        if (business._phoneNumbers.Count == 0)
        {
            throw new DomainRuleException("invalid_business", "A business owns at least one phone number.");
        }

        return business;
    }
}

/// <summary>A number owned by one business; a number belongs to at most one business.</summary>
public sealed class BusinessPhoneNumber(string number, Guid businessId)
{
    public string Number { get; private set; } = number;

    public Guid BusinessId { get; private set; } = businessId;
}
