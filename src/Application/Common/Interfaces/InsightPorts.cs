using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Measures a stored recording on its audio: voice activity per channel (the talk, silence and overtalk metrics, the
/// silences) and the peaks of its waveform, in one streamed pass with memory that does not grow with its length.
/// </summary>
public interface IAudioAnalyzer
{
    /// <param name="audio">The stored recording (an mp3), read once from start to end.</param>
    /// <param name="channels">1 (mono: one lane, <c>all</c>) or 2 (channel 1 the customer, channel 2 the agent).</param>
    /// <remarks>
    /// No duration is passed in: the audio's own (what was decoded) is the time scale of everything measured, because
    /// the duration Twilio reports may be 0, absurd or merely wrong.
    /// </remarks>
    /// <exception cref="AudioUndecodableException">The file is not audio the decoder can read (trying again cannot help).</exception>
    Task<AudioInsight> AnalyzeAsync(Stream audio, int channels, CancellationToken cancellationToken);
}

/// <summary>A stored recording whose bytes cannot be decoded as audio: measuring it again would fail the same way.</summary>
public sealed class AudioUndecodableException(string message) : InvalidOperationException(message);

/// <summary>What the audio says, measured.</summary>
/// <param name="DurationSeconds">How long the decoded audio is: the recording's length from now on.</param>
/// <param name="Lanes">
/// Per channel, in channel order: the speaker and <see cref="PeakBuckets"/> peaks (0..255) spread evenly over the
/// decoded audio, the first bucket at its start and the last at its end.
/// </param>
public sealed record AudioInsight(double DurationSeconds, RecordingMetrics Metrics, IReadOnlyList<Silence> Silences, IReadOnlyList<PeakLane> Lanes)
{
    /// <summary>How many peaks are kept per lane; the peaks endpoint folds them into the buckets asked for (50 to 4000).</summary>
    public const int PeakBuckets = 4000;
}

/// <summary>One lane of the waveform: whose voice (<c>customer</c>, <c>agent</c>, or null for a mono recording) and its peaks.</summary>
public sealed record PeakLane(string? Speaker, byte[] Peaks);

/// <summary>The peaks of analyzed recordings, kept apart from the calls (only the peaks endpoint reads them).</summary>
public interface IRecordingPeaksStore
{
    /// <summary>Keeps (or replaces) the recording's peaks.</summary>
    Task SaveAsync(string callSid, string recordingSid, double durationSeconds, IReadOnlyList<PeakLane> lanes, CancellationToken cancellationToken);

    /// <summary>The recording's peaks, or null when it was not analyzed.</summary>
    Task<StoredPeaks?> FindAsync(string callSid, string recordingSid, CancellationToken cancellationToken);

    /// <summary>Removes the recording's peaks (its audio was deleted under the retention policy).</summary>
    Task DeleteAsync(string callSid, string recordingSid, CancellationToken cancellationToken);
}

/// <summary>A recording's stored peaks: <see cref="AudioInsight.PeakBuckets"/> per lane.</summary>
public sealed record StoredPeaks(double DurationSeconds, IReadOnlyList<PeakLane> Lanes);
