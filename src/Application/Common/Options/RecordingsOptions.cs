using System.ComponentModel.DataAnnotations;

namespace Recordings.Application.Common.Options;

/// <summary>The <c>Recordings</c> configuration section.</summary>
public sealed class RecordingsOptions
{
    public const string SectionName = "Recordings";

    /// <summary>The longest <c>Prefer: wait=N</c> honoured, in seconds.</summary>
    public const int MaxWaitSeconds = 30;

    /// <summary>Where recordings are stored (relative paths are relative to the app's content root).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Recordings:StoragePath is required.")]
    public string StoragePath { get; set; } = "data/recordings";

    /// <summary>The <c>Retry-After</c> answered while a recording is being prepared (seconds, at least 1).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Recordings:RetryAfterSeconds must be at least 1.")]
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// How many ready recordings each node remembers (storage key, length, ETag), so that a range read costs no
    /// database read; 0 turns it off. About 200 bytes each.
    /// </summary>
    [Range(0, 10_000_000, ErrorMessage = "Recordings:ReadyCacheEntries must be between 0 and 10000000.")]
    public int ReadyCacheEntries { get; set; } = 10_000;

    /// <summary>How often one node applies the businesses' retention policies; zero turns the sweep off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Recordings:RetentionInterval must be between 0 (off) and 7 days.")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long one retention run may work: it expires everything due until then, and the next run goes on with what
    /// is left (checked before each recording or transcript is started).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Recordings:RetentionRunBudget must be between 1 second and 1 day.")]
    public TimeSpan RetentionRunBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many recordings (and transcripts) a retention run expires at once (the deletes in storage and at Twilio).</summary>
    [Range(1, 64, ErrorMessage = "Recordings:RetentionParallelism must be between 1 and 64.")]
    public int RetentionParallelism { get; set; } = 4;

    /// <summary>
    /// How often one node gives pending recordings whose download job is gone their job again (the read endpoints do
    /// not repair); zero turns the sweep off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Recordings:HealInterval must be between 0 (off) and 1 hour.")]
    public TimeSpan HealInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a failed download was queued the heal sweep queues it again on its own (while Twilio has the
    /// recording, at most <c>Recording.MaxAutomaticRetries</c> times, this long apart). 0 turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Recordings:RetryFailedAfter must be between 0 (off) and 1 day.")]
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(5);
}
