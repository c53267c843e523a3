using Recordings.Domain.Common;

namespace Recordings.Domain.Calls;

// What happens to a call's recording, in the order of the pipeline. Application/Pipeline has one handler for each.

/// <summary>The call's recording was queued for download (from Twilio's callback, an agent's prepare, or a retry).</summary>
public sealed record RecordingDownloadRequested(string CallSid, string RecordingSid) : IDomainEvent;

/// <summary>The download ended: the recording is <c>Ready</c>, <c>Failed</c> or <c>Missing</c>.</summary>
public sealed record RecordingSettled(string CallSid, string? RecordingSid, RecordingState State) : IDomainEvent;

/// <summary>
/// The recording is stored, complete and verified (for a business that redacts: its redacted copy): it can be measured,
/// and Twilio's copy may be deleted (when so configured, and always once a <paramref name="Redacted"/> copy is stored:
/// Twilio's is unredacted).
/// </summary>
public sealed record RecordingStored(string CallSid, string RecordingSid, bool Redacted = false) : IDomainEvent;

/// <summary>A stored recording awaits redaction and its transcript (with what to remove) is here: redaction can run.</summary>
public sealed record RedactionDue(string CallSid, string RecordingSid) : IDomainEvent;

/// <summary>The recording is stored and a transcript is queued: transcription can run.</summary>
public sealed record TranscriptionDue(string CallSid) : IDomainEvent;

/// <summary>The transcript is done and a summary is queued: summarizing can run.</summary>
public sealed record SummaryDue(string CallSid) : IDomainEvent;

/// <summary>
/// A ready recording's file is no longer in storage (released, or found lost): every node forgets what it cached
/// about the stored file. A null <paramref name="RecordingSid"/>: which recording is the call's first changed.
/// </summary>
public sealed record RecordingFileGone(string CallSid, string? RecordingSid) : IDomainEvent;
