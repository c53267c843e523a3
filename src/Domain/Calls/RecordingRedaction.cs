namespace Recordings.Domain.Calls;

/// <summary>How far a recording's redaction is.</summary>
public enum RedactionProgress
{
    /// <summary>Not redacted: its business did not redact when it was stored.</summary>
    None = 0,

    /// <summary>Stored unredacted, waiting for its transcript and the redacted copy: never served meanwhile.</summary>
    Pending,

    /// <summary>What is stored and served is the redacted copy.</summary>
    Done,
}

/// <summary>
/// Where a recording's unredacted original is kept, encrypted (AES-256-GCM under a key of its own), and that key as
/// wrapped by the master key (<c>Redaction:MasterKey</c>): never the key itself.
/// </summary>
/// <param name="StorageKey">The encrypted file's key in the store.</param>
/// <param name="WrappedKey">The recording's data key, wrapped by the master key (opaque text: the vault's format, naming the master key's id).</param>
/// <param name="Length">The original's length in bytes, decrypted.</param>
public sealed record EncryptedOriginal(string StorageKey, string WrappedKey, long Length);
