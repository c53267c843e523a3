using System.ComponentModel.DataAnnotations;

namespace Recordings.Application.Reconciliation;

/// <summary>The reconciliation sweep's settings (in the <c>Twilio</c> section).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Twilio";

    /// <summary>How often one node lists Twilio's recordings; zero turns the sweep off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Twilio:ReconcileInterval must be between 0 (off) and 7 days.")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back each sweep looks (Twilio lists by day, so whole days back from today).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Twilio:ReconcileLookback must be between 1 minute and 30 days.")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);
}
