using System.ComponentModel.DataAnnotations;

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
    [MaxLength(200, ErrorMessage = "Quartz:InstanceId must be at most 200 characters (or AUTO).")]
    public string InstanceId { get; set; } = AutoInstanceId;

    /// <summary>How many jobs this node runs at once (Quartz's thread pool size).</summary>
    [Range(1, 100, ErrorMessage = "Quartz:MaxConcurrency must be between 1 and 100.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// The execution group of every job but the downloads (and the sweep that heals them): transcription, redaction,
    /// analysis, summary, deleting Twilio's copy, reconciliation and retention.
    /// </summary>
    public const string ProcessingGroup = "processing";

    /// <summary>
    /// How many jobs of <see cref="ProcessingGroup"/> this node runs at once; unset: one less than
    /// <see cref="MaxConcurrency"/>, so that a download (Play on a recording still at Twilio) always finds a free thread
    /// however many long transcriptions are running. With <see cref="MaxConcurrency"/> 1 nothing can be kept free.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Quartz:ProcessingMaxConcurrency must be between 1 and 100.")]
    public int? ProcessingMaxConcurrency { get; set; }

    /// <summary>The limit of <see cref="ProcessingGroup"/> in effect (see <see cref="ProcessingMaxConcurrency"/>).</summary>
    public int ProcessingLimit => Math.Min(MaxConcurrency, ProcessingMaxConcurrency ?? Math.Max(1, MaxConcurrency - 1));

    /// <summary>The scheduler's name: a cluster is the nodes whose schedulers share a name and a database.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Quartz:SchedulerName must be a name of at most 120 characters.")]
    [MaxLength(120, ErrorMessage = "Quartz:SchedulerName must be a name of at most 120 characters.")]
    public string SchedulerName { get; set; } = "recordings";

    /// <summary>The prefix of Quartz's tables; every node of a cluster must use the same one.</summary>
    [Required(ErrorMessage = "Quartz:TablePrefix must be letters, digits and underscores (e.g. qrtz_).")]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Quartz:TablePrefix must be letters, digits and underscores (e.g. qrtz_).")]
    public string TablePrefix { get; set; } = "qrtz_";

    /// <summary>
    /// How often this node checks in with the cluster. A node that missed its check-ins (this interval plus as much
    /// again) is taken for dead, and the jobs it was running are run again by another node: the time a killed node's
    /// download waits before it resumes elsewhere. Shorter costs one small database write per node per interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00", ErrorMessage = "Quartz:ClusterCheckinInterval must be between 0.5 seconds and 5 minutes.")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>The wait before a failed download job runs again; it doubles with every failure, up to five minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00", ErrorMessage = "Quartz:DownloadRetryDelay must be positive and at most 5 minutes.")]
    public TimeSpan DownloadRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a download job runs in all before it gives up (its first run included).</summary>
    [Range(1, 100, ErrorMessage = "Quartz:DownloadMaxAttempts must be between 1 and 100.")]
    public int DownloadMaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between two runs of a failing download job.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    public bool UsesGeneratedInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) || string.Equals(InstanceId, AutoInstanceId, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with these settings (their data annotations), or null.</summary>
    public string? Validate()
    {
        var problems = new List<ValidationResult>();
        return Validator.TryValidateObject(this, new ValidationContext(this), problems, validateAllProperties: true)
            ? null
            : string.Join(" ", problems.Select(p => p.ErrorMessage));
    }
}
