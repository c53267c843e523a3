import type { Silence, Speaker } from '../../../lib/insight';
import type { RecordingRedaction, Redaction } from '../../../lib/redaction';
import type { PipelineState, RecordingState } from '../../../lib/states';

/** An account a call is attributed to (by its identities, or corrected by an admin). */
export interface CallAgent {
  id: string;
  displayName: string;
}

/** A team a call belongs to: its agents' teams and the team owning the number. */
export interface CallTeam {
  id: string;
  name: string;
}

export interface CallSummary {
  callSid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  status: string;
  startedAt: string | null;
  /** Whole seconds: the length of the call's measured audio once a recording is measured, before that Twilio's. */
  durationSeconds: number | null;
  recording: ListRecording;
  transcript: { state: PipelineState };
  summary: { state: PipelineState };
  /** Talk and silence summed over the call's measured recordings; null until one is measured. */
  insight?: ListInsight | null;
  /** With a search: the call's best matching moments (at most 3, best first). */
  hits?: SearchHit[];
  /** The accounts that took part (none: nobody's identity was on the call). Absent from servers before roles. */
  agents?: CallAgent[];
  teams?: CallTeam[];
}

/** A transcript segment that matched a search, with the character ranges of `text` that matched. */
export interface SearchHit {
  /** The recording it was heard in (null: the call's first). */
  recordingSid: string | null;
  startSeconds: number;
  endSeconds: number;
  speaker: Speaker | null;
  text: string;
  /** [start, end) character ranges of `text`. */
  highlights: [number, number][];
}

/** Talk per speaker (dual-channel recordings only) and silence, in seconds. */
export interface ListInsight {
  agentTalkSeconds?: number;
  customerTalkSeconds?: number;
  silenceSeconds: number;
}

/** Talk and silence measured on a recording's audio. */
export interface RecordingMetrics {
  /** Per speaker for a dual-channel recording, `all` for a mono one. */
  talkSeconds: { agent?: number; customer?: number; all?: number };
  silenceSeconds: number;
  overtalkSeconds: number;
  longestMonologueSeconds: number;
  longestSilenceSeconds: number;
}

/** The call's first recording as the list shows it, and why it is not playable. */
export interface ListRecording {
  state: RecordingState;
  /** Why a failed or absent recording is not playable (the server's sentence). */
  error?: string | null;
  /** When an expired recording was deleted under the retention policy. */
  expiredAt?: string | null;
  /** How many recordings the call has (0: never recorded). */
  count?: number;
}

/** One page of the calls list; `nextCursor` asks for the next (null: the last page). */
export interface CallPage {
  items: CallSummary[];
  nextCursor: string | null;
  /** Exact up to 10,000 calls; above that an estimate (`totalIsEstimate`). */
  total: number;
  totalIsEstimate: boolean;
}

export interface TranscriptSegment {
  /** Seconds from the start of its recording. */
  startSeconds: number;
  endSeconds: number;
  /** Who said it, on a dual-channel recording (null on a mono one). */
  speaker: Speaker | null;
  text: string;
  /** The recording it was heard in (a call may have several). */
  recordingSid?: string | null;
}

/** One of a call's recordings (a transfer, a conference, a second <Record>), in start order. */
export interface RecordingPart {
  recordingSid: string;
  state: RecordingState;
  /** Whole seconds: the decoded audio's length once measured, before that Twilio's `RecordingDuration`. */
  durationSeconds: number | null;
  channels: number | null;
  startedAt: string | null;
  /** Why it is not playable (failed, or reported absent by Twilio). */
  error: string | null;
  /** When it was deleted under the retention policy (state expired). */
  expiredAt?: string | null;
  metrics?: RecordingMetrics;
  silences?: Silence[];
  /** How far its redaction has got (null: nothing to redact, or redaction off). Absent from servers before it. */
  redaction?: RecordingRedaction | null;
}

export interface CallDetail extends Omit<CallSummary, 'recording' | 'transcript' | 'summary'> {
  recording: {
    state: RecordingState;
    durationSeconds: number | null;
    channels: number | null;
    error?: string | null;
    expiredAt?: string | null;
    redaction?: RecordingRedaction | null;
  };
  transcript: {
    state: PipelineState;
    language: string | null;
    text: string | null;
    segments: TranscriptSegment[];
    expiredAt?: string | null;
  };
  summary: { state: PipelineState; text: string | null; provider: 'extractive' | 'openai' | null };
  recordings: RecordingPart[];
  /** Of the call's first recording, once measured. */
  metrics?: RecordingMetrics | null;
  silences?: Silence[] | null;
  /** What was removed from the call's recordings (card numbers, ...), each in its recording's seconds. */
  redactions?: Redaction[];
}
