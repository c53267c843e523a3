namespace Recordings.Domain.Audit;

/// <summary>What an agent did that compliance asks about.</summary>
public enum AuditAction
{
    /// <summary>Listened: the first read of a recording's audio in a play window (later range reads are the same listening).</summary>
    Play,

    /// <summary>Saved the recording's file (<c>?download=1</c>).</summary>
    Download,

    /// <summary>Opened the call (its transcript and summary).</summary>
    View,

    /// <summary>Asked for the recording to be made playable.</summary>
    Prepare,

    // What a business's administrator did (/api/manage/*): the entry names its target and what changed.
    AgentCreated,
    AgentChanged,
    AgentDisabled,
    PasswordReset,
    TeamChanged,
    RetentionChanged,
    SettingsChanged,
    AttributionChanged,
    AuditExported,

    /// <summary>An admin listened to a redacted recording's unredacted original (<c>?original=1</c>).</summary>
    PlayOriginal,
}

/// <summary>
/// One line of the audit trail: who did what to which call and recording, when, and from where. Append-only: once
/// written, no API changes or deletes it (the database refuses it too), and retention never touches it.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxUserAgentLength = 512;
    public const int MaxAddressLength = 64;
    public const int MaxTargetLength = 64;
    public const int MaxDetailLength = 1024;

    private AuditEntry(DateTimeOffset at, AuditAction action, string agentEmail, Guid businessId, string? callSid, string? recordingSid,
        string? ip, string? userAgent)
    {
        At = at;
        Action = action;
        AgentEmail = agentEmail;
        BusinessId = businessId;
        CallSid = callSid;
        RecordingSid = recordingSid;
        Ip = ip;
        UserAgent = userAgent;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public AuditAction Action { get; private set; }

    public string AgentEmail { get; private set; }

    public Guid BusinessId { get; private set; }

    /// <summary>The call the entry is about (null for an administrative entry about no call).</summary>
    public string? CallSid { get; private set; }

    /// <summary>What an administrative entry changed: <c>account:{id}</c>, <c>team:{id}</c>, <c>business</c>, <c>call:{sid}</c>.</summary>
    public string? Target { get; private set; }

    /// <summary>How an administrative entry changed its target, in short (<c>role: agent -> supervisor</c>).</summary>
    public string? Detail { get; private set; }

    public string? RecordingSid { get; private set; }

    /// <summary>The client's address (as the proxy in front reported it, when one is trusted).</summary>
    public string? Ip { get; private set; }

    /// <summary>The client's User-Agent, cut to <see cref="MaxUserAgentLength"/> UTF-16 units on a text element's boundary.</summary>
    public string? UserAgent { get; private set; }

    public static AuditEntry Create(DateTimeOffset at, AuditAction action, string agentEmail, Guid businessId, string callSid,
        string? recordingSid, string? ip, string? userAgent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentEmail);
        ArgumentException.ThrowIfNullOrWhiteSpace(callSid);
        return new AuditEntry(at, action, agentEmail, businessId, callSid, recordingSid, Cut(ip, MaxAddressLength),
            Cut(userAgent, MaxUserAgentLength));
    }

    /// <summary>An entry of what a business's administrator did (see the administrative <see cref="AuditAction"/>s).</summary>
    public static AuditEntry Administrative(DateTimeOffset at, AuditAction action, string actorEmail, Guid businessId, string target,
        string? detail, string? callSid, string? ip, string? userAgent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorEmail);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return new AuditEntry(at, action, actorEmail, businessId, callSid, null, Cut(ip, MaxAddressLength), Cut(userAgent, MaxUserAgentLength))
        {
            Target = Cut(target, MaxTargetLength),
            Detail = Cut(detail, MaxDetailLength),
        };
    }

    private static string? Cut(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : Common.Text.Cut(value, length);
}
