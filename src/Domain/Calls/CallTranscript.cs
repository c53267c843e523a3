namespace Recordings.Domain.Calls;

/// <summary>One timed piece of a call's transcript.</summary>
public sealed record TranscriptPart(double StartSeconds, double EndSeconds, string? Speaker, string Text);
