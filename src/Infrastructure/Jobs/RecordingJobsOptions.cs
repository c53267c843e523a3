namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// The background jobs' settings (section <c>Quartz</c>). Quartz itself runs on the <c>ConnectionStrings:Recordings</c>
/// database: AdoJobStore, clustered, its tables created at start-up when missing.
/// </summary>
public sealed class RecordingJobsOptions
{
    public const string SectionName = "Quartz";

    /// <summary>The <see cref="InstanceId"/> that asks Quartz to generate a unique id at every start.</summary>
    public const string AutoInstanceId = "AUTO";

    /// <summary>
    /// This node's id in the cluster; unique per running node. <c>AUTO</c> (the default) generates a new one at every
    /// start.
    /// </summary>
    /// <remarks>
    /// With a generated id, the jobs a stopped node was running are recovered by whichever node first notices that
    /// it stopped checking in (check-in interval plus threshold, about 15 seconds), or by the restarted node itself
    /// after that delay. With a <em>stable</em> id (the machine name, a pod name of a StatefulSet, a fixed string on a
    /// single-node deployment) a restarted node recovers its own in-flight jobs at its first check-in, at once. Two
    /// running nodes must never share an id: each would take the other's firings for its own.
    /// </remarks>
    public string InstanceId { get; set; } = AutoInstanceId;

    /// <summary>How many jobs this node runs at once (Quartz's thread pool size).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>The scheduler's name: a cluster is the nodes whose schedulers share a name and a database.</summary>
    public string SchedulerName { get; set; } = "recordings";

    /// <summary>The prefix of Quartz's tables; every node of a cluster must use the same one.</summary>
    public string TablePrefix { get; set; } = "qrtz_";

    /// <summary>The wait before a failed download job runs again; it doubles with every failure, up to five minutes.</summary>
    public TimeSpan DownloadRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a download job runs in all before it gives up (its first run included).</summary>
    public int DownloadMaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between two runs of a failing download job.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    public bool UsesGeneratedInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) || string.Equals(InstanceId, AutoInstanceId, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate()
    {
        if (MaxConcurrency is < 1 or > 100)
        {
            return "Quartz:MaxConcurrency must be between 1 and 100.";
        }

        if (string.IsNullOrWhiteSpace(TablePrefix) || !TablePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return "Quartz:TablePrefix must be letters, digits and underscores (e.g. qrtz_).";
        }

        if (string.IsNullOrWhiteSpace(SchedulerName) || SchedulerName.Length > 120)
        {
            return "Quartz:SchedulerName must be a name of at most 120 characters.";
        }

        if (!UsesGeneratedInstanceId && InstanceId.Length > 200)
        {
            return "Quartz:InstanceId must be at most 200 characters (or AUTO).";
        }

        if (DownloadRetryDelay <= TimeSpan.Zero || DownloadRetryDelay > MaxRetryDelay)
        {
            return "Quartz:DownloadRetryDelay must be positive and at most 5 minutes.";
        }

        return DownloadMaxAttempts is < 1 or > 100 ? "Quartz:DownloadMaxAttempts must be between 1 and 100." : null;
    }
}
