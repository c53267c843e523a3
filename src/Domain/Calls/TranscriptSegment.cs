namespace Recordings.Domain.Calls;

/// <summary>
/// One timed piece of a call's transcript: what an engine returns, what the call stores (jsonb) and what the API shows.
/// </summary>
public sealed record TranscriptSegment(double StartSeconds, double EndSeconds, string? Speaker, string Text);
