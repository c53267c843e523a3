import type { PipelineState, RecordingState } from '../../../lib/states';

export interface CallSummary {
  callSid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  status: string;
  startedAt: string | null;
  durationSeconds: number | null;
  recording: { state: RecordingState };
  transcript: { state: PipelineState };
  summary: { state: PipelineState };
}

export interface CallPage {
  items: CallSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export interface TranscriptSegment {
  /** Seconds from the start of its recording. */
  startSeconds: number;
  endSeconds: number;
  speaker: string | null;
  text: string;
  /** The recording it was heard in (a call may have several). */
  recordingSid?: string | null;
}

/** One of a call's recordings (a transfer, a conference, a second <Record>), in start order. */
export interface RecordingPart {
  recordingSid: string;
  state: RecordingState;
  durationSeconds: number | null;
  channels: number | null;
  startedAt: string | null;
  /** Why it is not playable (failed, or reported absent by Twilio). */
  error: string | null;
}

export interface CallDetail extends Omit<CallSummary, 'recording' | 'transcript' | 'summary'> {
  recording: { state: RecordingState; durationSeconds: number | null; channels: number | null; error?: string | null };
  transcript: { state: PipelineState; language: string | null; text: string | null; segments: TranscriptSegment[] };
  summary: { state: PipelineState; text: string | null; provider: 'extractive' | 'openai' | null };
  recordings: RecordingPart[];
}
