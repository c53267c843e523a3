import type { RecordingRedaction } from '../../../lib/redaction';
import type { PipelineState, RecordingState } from '../../../lib/states';

/** Body of GET /api/recordings/{callSid}, of every 202 and of prepare's 200. */
export interface RecordingStatus {
  callSid: string;
  recordingSid?: string | null;
  state: RecordingState;
  retryAfterSeconds: number | null;
  bytesDownloaded: number | null;
  totalBytes: number | null;
  durationSeconds: number | null;
  error: string | null;
  transcript: { state: PipelineState };
  summary: { state: PipelineState };
  atTwilio?: boolean;
  expiredAt?: string | null;
  /** How far its redaction has got: while `pending` the recording is not served (202, as while downloading). */
  redaction?: RecordingRedaction | null;
}

/** Which recording: a call's, and when the call has several, which one (without it, the call's first). */
export interface RecordingTarget {
  callSid: string;
  recordingSid?: string;
}

const which = (recordingSid?: string) => (recordingSid ? `?recordingSid=${encodeURIComponent(recordingSid)}` : '');

/** The recording's audio: the redacted copy everyone gets, or with `original` the unredacted one (admins only). */
export const recordingFileUrl = ({ callSid, recordingSid }: RecordingTarget, { original = false } = {}) =>
  original
    ? `/api/recordings/file/${encodeURIComponent(callSid)}?original=1${recordingSid ? `&recordingSid=${encodeURIComponent(recordingSid)}` : ''}`
    : `/api/recordings/file/${encodeURIComponent(callSid)}${which(recordingSid)}`;
export const recordingStatusUrl = ({ callSid, recordingSid }: RecordingTarget) =>
  `/api/recordings/${encodeURIComponent(callSid)}${which(recordingSid)}`;
export const prepareRecordingUrl = ({ callSid, recordingSid }: RecordingTarget) =>
  `/api/recordings/${encodeURIComponent(callSid)}/prepare${which(recordingSid)}`;
