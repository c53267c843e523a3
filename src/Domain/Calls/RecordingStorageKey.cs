using System.Text.RegularExpressions;

namespace Recordings.Domain.Calls;

/// <summary>
/// Where a recording is kept in storage, relative to the store's root (a directory, or a bucket and prefix):
/// <c>{businessId}/{recordingSid}.mp3</c>, or <c>unassigned/{recordingSid}.mp3</c> for a call whose business is not
/// known yet. Recordings stored before keys had a business in them keep their old key, <c>{callSid}.mp3</c>. A redacted
/// copy is <c>{folder}/{recordingSid}.redacted.mp3</c> and an encrypted original <c>{folder}/{recordingSid}.original.enc</c>
/// (<see cref="RedactedOf"/>, <see cref="OriginalOf"/>). A key is only ever made here and checked by the stores, so no
/// input can name a path outside the storage.
/// </summary>
public static partial class RecordingStorageKey
{
    /// <summary>The folder of recordings whose call has no business yet.</summary>
    public const string Unassigned = "unassigned";

    public static string For(Guid? businessId, string recordingSid)
    {
        if (!Common.Sid.IsRecordingSid(recordingSid))
        {
            throw new ArgumentException("A recording SID is RE followed by 32 hexadecimal digits.", nameof(recordingSid));
        }

        var folder = businessId is { } id ? id.ToString("D") : Unassigned;
        return $"{folder}/{recordingSid}.mp3";
    }

    /// <summary>Where the redacted copy of the recording stored under <paramref name="key"/> goes (the same folder).</summary>
    public static string RedactedOf(string key) => Sibling(key, ".redacted.mp3");

    /// <summary>Where the encrypted original of the recording stored under <paramref name="key"/> goes (the same folder).</summary>
    public static string OriginalOf(string key) => Sibling(key, ".original.enc");

    private static string Sibling(string key, string suffix)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException("Not a recording's storage key.", nameof(key));
        }

        var stem = key[..key.IndexOf('.', StringComparison.Ordinal)];
        return stem + suffix;
    }

    /// <summary>Whether <paramref name="key"/> is a key this class makes (or made before: <c>{callSid}.mp3</c>).</summary>
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    [GeneratedRegex(
        "^(?:(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|unassigned)/RE[0-9a-fA-F]{32}|CA[0-9a-fA-F]{32})(?:\\.redacted\\.mp3|\\.original\\.enc|\\.mp3)\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
