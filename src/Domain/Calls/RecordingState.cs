namespace Recordings.Domain.Calls;

public enum RecordingState
{
    /// <summary>The call has no recording (never had one, or Twilio reported it absent, failed or gone).</summary>
    Missing = 0,

    /// <summary>The recording exists at Twilio and is not stored here; no download is queued.</summary>
    Remote,

    Queued,
    Downloading,
    Ready,
    Failed,

    /// <summary>Deleted under the business's retention policy (<c>ExpiredAt</c>); nothing can bring it back.</summary>
    Expired,
}
