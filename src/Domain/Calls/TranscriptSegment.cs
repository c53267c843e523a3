namespace Recordings.Domain.Calls;

/// <summary>
/// One timed piece of a call's transcript: what an engine returns, what the call stores (jsonb) and what the API shows.
/// Times are relative to the start of its recording, <paramref name="RecordingSid"/> (set when it joins the call's
/// transcript; null in transcripts stored before calls had several recordings, which belong to the first).
/// </summary>
public sealed record TranscriptSegment(double StartSeconds, double EndSeconds, string? Speaker, string Text, string? RecordingSid = null);
