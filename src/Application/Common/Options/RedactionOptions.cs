namespace Recordings.Application.Common.Options;

/// <summary>
/// The operator's side of redaction (<c>Redaction</c>): the master key that wraps the keys of kept originals. A
/// business may keep originals only when it is set, and the app refuses to start without it while one does.
/// </summary>
public sealed class RedactionOptions
{
    public const string SectionName = "Redaction";

    /// <summary>The current master key: 32 bytes, base64. Never logged, never stored; rotate it as docs/operations.md says.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Master keys rotated out, still able to open the keys they wrapped until those are wrapped again.</summary>
    public List<string> PreviousMasterKeys { get; set; } = [];

    public bool HasMasterKey => !string.IsNullOrWhiteSpace(MasterKey);
}
