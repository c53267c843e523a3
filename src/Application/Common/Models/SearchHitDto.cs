namespace Recordings.Application.Common.Models;

/// <summary>
/// A transcript segment where a search matched: its recording (null: the call's first), its time in that recording,
/// who spoke, its text, and the character ranges of <paramref name="Text"/> that matched ([start, end), in UTF-16
/// units of the text as stored: no markup).
/// </summary>
public sealed record SearchHitDto(
    string? RecordingSid, double StartSeconds, double EndSeconds, string? Speaker, string Text, IReadOnlyList<int[]> Highlights);
