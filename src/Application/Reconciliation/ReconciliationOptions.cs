using System.ComponentModel.DataAnnotations;

namespace Recordings.Application.Reconciliation;

/// <summary>The reconciliation sweep's settings (in the <c>Twilio</c> section).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Twilio";

    /// <summary>How often one node lists Twilio's recordings; zero turns the sweep off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Twilio:ReconcileInterval must be between 0 (off) and 7 days.")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back the first sweep looks (before the account has a watermark).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Twilio:ReconcileLookback must be between 1 minute and 30 days.")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// How far before the watermark each sweep starts listing again: covers a recording Twilio shows a little late and
    /// a difference between Twilio's clock and ours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Twilio:ReconcileOverlap must be between 0 and 1 day.")]
    public TimeSpan ReconcileOverlap { get; set; } = TimeSpan.FromMinutes(10);
}
