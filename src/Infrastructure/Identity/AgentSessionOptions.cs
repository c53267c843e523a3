using System.ComponentModel.DataAnnotations;

namespace Recordings.Infrastructure.Identity;

/// <summary>The <c>Auth</c> configuration section: how long an agent's session lasts.</summary>
public sealed class AgentSessionOptions
{
    public const string SectionName = "Auth";

    /// <summary>A session not used for this long ends (each use slides it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session ends this long after its login however much it is used: the agent logs in again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many live sessions each node remembers, so that a request does not read its session row; 0 turns it off.
    /// A session that ends is forgotten by every node at once (PostgreSQL NOTIFY). About 1 KB each.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SessionCacheEntries { get; set; } = 10_000;
}
