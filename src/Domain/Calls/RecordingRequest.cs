namespace Recordings.Domain.Calls;

/// <summary>Which recordings endpoint asks what a request for a recording does now (see <see cref="CallLog.DecideRecordingRequest"/>).</summary>
public enum RecordingRequest
{
    /// <summary>An agent asks for the recording to be made playable: it queues a download, retries a failed one, restores a found only copy.</summary>
    Prepare,

    /// <summary>An agent plays or downloads the file: it queues a download of a remote recording, never retries a failure.</summary>
    File,

    /// <summary>A read of the recording's state: writes nothing, and a recording that is not there is an answer of its own.</summary>
    Status,

    /// <summary>A read of the recording's waveform: writes nothing; the stored copy is not looked up (the peaks are kept apart).</summary>
    Peaks,
}

/// <summary>What storage said of the recording's stored copy, when the request looked (see <see cref="RecordingVerdict.LookUpStoredCopy"/>).</summary>
public enum StoredCopy
{
    /// <summary>Not looked up (yet).</summary>
    NotLookedUp,

    /// <summary>In storage, of the length it was stored with.</summary>
    Found,

    /// <summary>Not in storage, or of another length.</summary>
    Gone,
}

public enum RecordingVerdict
{
    /// <summary>The call has no such recording, or Twilio reported it absent: 404 (the status read answers <see cref="Unavailable"/> for the latter).</summary>
    NotFound,

    /// <summary>Deleted under the retention policy: 410 (the status read answers <see cref="Unavailable"/>).</summary>
    Expired,

    /// <summary>The status read only: nothing playable and nothing on its way (remote, missing, expired).</summary>
    Unavailable,

    /// <summary>Storage is to be asked for the stored copy first; ask again with what it said.</summary>
    LookUpStoredCopy,

    /// <summary>Playable: its stored copy is here (the file and prepare looked).</summary>
    Ready,

    /// <summary>A download is to be queued (<see cref="RecordingDecision.Reason"/> says why): a change of the call.</summary>
    Queue,

    /// <summary>
    /// The stored copy of a ready recording is gone: it is marked lost and queued again, or failed when it was the only
    /// copy. A change of the call.
    /// </summary>
    StoredCopyGone,

    /// <summary>A lost only copy is in storage again (restored from a backup): it plays again. A change of the call.</summary>
    RestoreOnlyCopy,

    /// <summary>A download is queued or running: try again later (or wait for it).</summary>
    Pending,

    /// <summary>The last download gave up (or the only copy is lost); the recording's error says why.</summary>
    Failed,
}

/// <summary>Why a download is queued.</summary>
public enum QueueReason
{
    /// <summary>The recording is at Twilio and not stored here.</summary>
    Remote,

    /// <summary>The last download failed and prepare asks again.</summary>
    RetryFailed,
}

/// <summary>
/// What a request for a recording does now: the verdict, the recording it concerns (null when the call has no such
/// recording), and why a download is queued.
/// </summary>
public sealed record RecordingDecision(RecordingVerdict Verdict, Recording? Recording, QueueReason? Reason = null)
{
    /// <summary>Whether carrying it out changes the call (<see cref="CallLog.CarryOut"/>, under the call's lock).</summary>
    public bool ChangesCall => Verdict is RecordingVerdict.Queue or RecordingVerdict.StoredCopyGone or RecordingVerdict.RestoreOnlyCopy;
}
