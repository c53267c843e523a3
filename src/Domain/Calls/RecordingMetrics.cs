namespace Recordings.Domain.Calls;

/// <summary>
/// Talk and silence measured on a recording's audio (voice activity per channel). For a dual-channel recording the
/// talk is split by speaker (<see cref="AgentTalkSeconds"/>, <see cref="CustomerTalkSeconds"/>); for a mono one only
/// <see cref="AllTalkSeconds"/> is known.
/// </summary>
public sealed record RecordingMetrics(
    double? AgentTalkSeconds,
    double? CustomerTalkSeconds,
    double? AllTalkSeconds,
    double SilenceSeconds,
    double OvertalkSeconds,
    double LongestMonologueSeconds,
    double LongestSilenceSeconds);

/// <summary>A stretch of at least 2 seconds where nobody speaks.</summary>
public sealed record Silence(double StartSeconds, double EndSeconds);
