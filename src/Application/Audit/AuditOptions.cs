using System.ComponentModel.DataAnnotations;

namespace Recordings.Application.Audit;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>One <c>play</c> entry per agent, recording and window: a listening session's many range reads are one play.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Audit:PlayWindow must be between 1 second and 1 day.")]
    public TimeSpan PlayWindow { get; set; } = TimeSpan.FromMinutes(30);
}
