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
  startSeconds: number;
  endSeconds: number;
  speaker: string | null;
  text: string;
}

export interface CallDetail extends Omit<CallSummary, 'recording' | 'transcript' | 'summary'> {
  recording: { state: RecordingState; durationSeconds: number | null; channels: number | null };
  transcript: { state: PipelineState; language: string | null; text: string | null; segments: TranscriptSegment[] };
  summary: { state: PipelineState; text: string | null; provider: 'extractive' | 'openai' | null };
}
