namespace Recordings.Domain.Redaction;

/// <summary>
/// What redaction can find in a transcript and remove from it and from the audio. The wire names (settings, the call's
/// <c>redactions</c>, the transcript's placeholders) are <see cref="RedactedEntities.NameOf"/>.
/// </summary>
public enum RedactedEntity
{
    /// <summary>A payment card number: 13 to 19 digits passing the Luhn check.</summary>
    Card = 1,

    /// <summary>A card's security code: 3 or 4 digits said in a card context.</summary>
    Cvv,

    /// <summary>A card's expiry date.</summary>
    Expiry,

    /// <summary>An Israeli identity number: 9 digits with a valid check digit (8 digits padded with a leading zero).</summary>
    IsraeliId,

    /// <summary>A phone number.</summary>
    Phone,

    /// <summary>An email address.</summary>
    Email,
}

public static class RedactedEntities
{
    /// <summary>Every entity, in the order of the contract.</summary>
    public static IReadOnlyList<RedactedEntity> All { get; } =
        [RedactedEntity.Card, RedactedEntity.Cvv, RedactedEntity.Expiry, RedactedEntity.IsraeliId, RedactedEntity.Phone, RedactedEntity.Email];

    /// <summary>The entity's name in the contract: <c>card</c>, <c>cvv</c>, <c>expiry</c>, <c>israeliId</c>, <c>phone</c>, <c>email</c>.</summary>
    public static string NameOf(RedactedEntity entity) => entity switch
    {
        RedactedEntity.Card => "card",
        RedactedEntity.Cvv => "cvv",
        RedactedEntity.Expiry => "expiry",
        RedactedEntity.IsraeliId => "israeliId",
        RedactedEntity.Phone => "phone",
        RedactedEntity.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "Not an entity redaction knows."),
    };

    /// <summary>The entity of a contract name (exact, case-sensitive), or null.</summary>
    public static RedactedEntity? FromName(string? name) =>
        All.Select(e => (RedactedEntity?)e).FirstOrDefault(e => NameOf(e!.Value) == name);

    /// <summary>What stands in the transcript in place of the words: <c>[card]</c>, <c>[cvv]</c>, ...</summary>
    public static string PlaceholderOf(RedactedEntity entity) => $"[{NameOf(entity)}]";
}

/// <summary>
/// One stretch of a recording that redaction removed: the words' times (the audio is covered from
/// <see cref="RedactionPolicy.AudioMarginSeconds"/> before to as much after).
/// </summary>
public sealed record Redaction(string? RecordingSid, double StartSeconds, double EndSeconds, RedactedEntity Entity);

/// <summary>How the redacted stretches of the audio sound.</summary>
public enum RedactionAudio
{
    Silence = 0,

    /// <summary>A 1 kHz tone.</summary>
    Beep,
}

/// <summary>What happens to the unredacted audio once the redacted copy is stored.</summary>
public enum OriginalAudio
{
    /// <summary>None kept: ours deleted, Twilio's deleted once ours is verified.</summary>
    Delete = 0,

    /// <summary>Kept encrypted (AES-256-GCM, a per-recording key wrapped by the master key); only an admin may play it.</summary>
    Keep,
}

/// <summary>A business's redaction setting.</summary>
public sealed record RedactionPolicy(bool Enabled, IReadOnlyList<RedactedEntity> Entities, RedactionAudio Audio, OriginalAudio Original)
{
    /// <summary>The audio is covered from this long before each redaction to this long after it.</summary>
    public const double AudioMarginSeconds = 0.25;

    /// <summary>Off; every entity chosen for when it is turned on; silence; no original kept.</summary>
    public static RedactionPolicy Off { get; } = new(false, RedactedEntities.All, RedactionAudio.Silence, OriginalAudio.Delete);

    /// <summary>Whether both say the same (records compare their entity lists by reference).</summary>
    public bool SameAs(RedactionPolicy other) =>
        other is not null && Enabled == other.Enabled && Audio == other.Audio && Original == other.Original && Entities.SequenceEqual(other.Entities);
}
