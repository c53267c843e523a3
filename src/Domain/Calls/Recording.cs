using Recordings.Domain.Common;

namespace Recordings.Domain.Calls;

/// <summary>The recording of a call: where it is at Twilio and how far it is from being playable here.</summary>
public sealed class Recording
{
    public string? RecordingSid { get; private set; }

    public string? RecordingUrl { get; private set; }

    public RecordingState State { get; private set; } = RecordingState.Missing;

    public int? DurationSeconds { get; private set; }

    public int? Channels { get; private set; }

    /// <summary>When Twilio reported the recording completed (the start of the download's 404 grace period).</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    public long? BytesDownloaded { get; private set; }

    public long? TotalBytes { get; private set; }

    public string? Error { get; private set; }

    internal bool Attach(string recordingSid, string recordingUrl, int? durationSeconds, int? channels, DateTimeOffset now)
    {
        if (!Sid.IsRecordingSid(recordingSid))
        {
            throw new DomainRuleException("invalid_recording", $"'{recordingSid}' is not a recording SID.");
        }

        if (RecordingSid is not null && State != RecordingState.Missing)
        {
            // Twilio repeats callbacks: the same recording changes nothing, and a call keeps the first recording it got.
            return false;
        }

        RecordingSid = recordingSid;
        RecordingUrl = recordingUrl;
        DurationSeconds = durationSeconds;
        Channels = channels;
        CompletedAt = now;
        State = RecordingState.Remote;
        Error = null;
        return true;
    }

    internal bool MarkAbsent(string? recordingSid, string reason)
    {
        if (State == RecordingState.Missing && Error == reason)
        {
            return false;
        }

        if (RecordingSid is not null && State != RecordingState.Missing && recordingSid != RecordingSid)
        {
            // A report about another recording does not take away the one this call has.
            return false;
        }

        if (State is RecordingState.Ready or RecordingState.Queued or RecordingState.Downloading)
        {
            // Already here (or on its way): Twilio's late report does not make it disappear.
            return false;
        }

        RecordingSid ??= recordingSid;
        State = RecordingState.Missing;
        Error = reason;
        return true;
    }
}
