namespace Recordings.Application.Common.Options;

/// <summary>What happens to Twilio's copy of a recording once ours is stored (in the <c>Twilio</c> section).</summary>
public sealed class TwilioCopyOptions
{
    public const string SectionName = "Twilio";

    /// <summary>
    /// Delete Twilio's copy once ours is stored and verified (Twilio bills for storage, and compliance may require one
    /// copy). From then on our copy is the only one: it is never released, and its loss is reported.
    /// </summary>
    public bool DeleteAfterDownload { get; set; }
}
