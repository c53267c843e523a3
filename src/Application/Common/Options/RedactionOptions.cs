namespace Recordings.Application.Common.Options;

/// <summary>
/// The operator's side of redaction (<c>Redaction</c>): the master key that wraps the keys of kept originals. A
/// business may keep originals only when it is set, and the app refuses to start without it while one does.
/// </summary>
public sealed class RedactionOptions
{
    public const string SectionName = "Redaction";

    /// <summary>
    /// The current master key: 32 random bytes in base64 (<c>openssl rand -base64 32</c>); it wraps new keys. A secret:
    /// set it from the environment or a secret store, never in a committed file. Rotation: see the README's operations.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>Master keys rotated out, still able to open the keys they wrapped until those are wrapped again.</summary>
    public List<string> PreviousMasterKeys { get; set; } = [];

    public bool HasMasterKey => !string.IsNullOrWhiteSpace(MasterKey);

    /// <summary>Says whether keys are set, never what they are.</summary>
    public override string ToString() => $"RedactionOptions {{ MasterKey set: {HasMasterKey}, previous keys: {PreviousMasterKeys.Count} }}";
}
