namespace Recordings.Domain.Calls;

/// <summary>
/// One timed piece of a call's transcript: what an engine returns, what the call stores (jsonb) and what the API shows.
/// Times are relative to the start of its recording, <paramref name="RecordingSid"/> (set when it joins the call's
/// transcript; null in transcripts stored before calls had several recordings, which belong to the first).
/// </summary>
/// <param name="Words">
/// Each word with its own times, when the engine reports them (null when it does not: a segment stored before word
/// timings, or an engine that gives segments only). Redaction uses them to silence exactly the words it replaces.
/// </param>
public sealed record TranscriptSegment(
    double StartSeconds,
    double EndSeconds,
    string? Speaker,
    string Text,
    string? RecordingSid = null,
    IReadOnlyList<TranscriptWord>? Words = null);

/// <summary>A word of a <see cref="TranscriptSegment"/>, with its times relative to the start of its recording.</summary>
public sealed record TranscriptWord(double StartSeconds, double EndSeconds, string Text);
