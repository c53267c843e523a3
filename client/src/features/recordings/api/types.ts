import type { PipelineState, RecordingState } from '../../../lib/states';

/** Body of GET /api/recordings/{callSid}, of every 202 and of prepare's 200. */
export interface RecordingStatus {
  callSid: string;
  state: RecordingState;
  retryAfterSeconds: number | null;
  bytesDownloaded: number | null;
  totalBytes: number | null;
  durationSeconds: number | null;
  error: string | null;
  transcript: { state: PipelineState };
  summary: { state: PipelineState };
}

export const recordingFileUrl = (callSid: string) => `/api/recordings/file/${encodeURIComponent(callSid)}`;
export const recordingStatusUrl = (callSid: string) => `/api/recordings/${encodeURIComponent(callSid)}`;
export const prepareRecordingUrl = (callSid: string) => `/api/recordings/${encodeURIComponent(callSid)}/prepare`;
