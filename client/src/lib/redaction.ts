/**
 * Redaction in the words every feature shares: which kinds of spoken numbers a business removes, where one was
 * removed from a recording, and how far a recording's redaction has got. The calls feature shows them in the
 * transcript and on the call page, the recordings feature draws them on the waveform and waits for them, the manage
 * feature lets an admin choose them.
 */

/** The kinds of things removed, in the API's names (also the transcript's placeholders: `[card]`, `[cvv]`, ...). */
export const REDACTION_ENTITIES = ['card', 'cvv', 'expiry', 'israeliId', 'phone', 'email'] as const;
export type RedactionEntity = (typeof REDACTION_ENTITIES)[number];

export function isRedactionEntity(value: string): value is RedactionEntity {
  return (REDACTION_ENTITIES as readonly string[]).includes(value);
}

/** One removed stretch of a recording (the call's `redactions`), in seconds from the start of that recording. */
export interface Redaction {
  recordingSid: string;
  startSeconds: number;
  endSeconds: number;
  entity: RedactionEntity;
}

/** How far a recording's redaction has got (null on a recording with nothing to redact, or redaction off). */
export interface RecordingRedaction {
  state: 'pending' | 'done' | 'failed';
  /** How many stretches were removed. */
  items: number;
  /** The unredacted original: kept encrypted (an admin may play it), deleted, or not decided yet (null). */
  original: 'kept' | 'deleted' | null;
}

/** The audio is silenced (or beeped over) from this long before each redaction to this long after it. */
export const REDACTION_PADDING_SECONDS = 0.25;

/** A stretch of audio to mark as removed, in seconds from the start of the recording. */
export interface Stretch {
  startSeconds: number;
  endSeconds: number;
}

/**
 * The stretches of the audio that were silenced or beeped over: each redaction widened by
 * {@link REDACTION_PADDING_SECONDS} on both sides, kept within the recording (when its length is known), sorted, and
 * overlapping ones merged.
 */
export function redactedStretches(redactions: readonly Stretch[], duration?: number): Stretch[] {
  const end = duration && duration > 0 ? duration : Number.POSITIVE_INFINITY;
  const padded = redactions
    .map((r) => ({
      startSeconds: Math.max(0, r.startSeconds - REDACTION_PADDING_SECONDS),
      endSeconds: Math.min(end, r.endSeconds + REDACTION_PADDING_SECONDS),
    }))
    .filter((r) => r.endSeconds > r.startSeconds)
    .sort((a, b) => a.startSeconds - b.startSeconds);
  const merged: Stretch[] = [];
  for (const stretch of padded) {
    const last = merged[merged.length - 1];
    if (last && stretch.startSeconds <= last.endSeconds)
      last.endSeconds = Math.max(last.endSeconds, stretch.endSeconds);
    else merged.push({ ...stretch });
  }
  return merged;
}

/** A piece of transcript text: words as they were said, or the placeholder of something removed. */
export type TextPiece = { text: string } | { entity: RedactionEntity };

const PLACEHOLDER = new RegExp(`\\[(${REDACTION_ENTITIES.join('|')})\\]`, 'g');

/** Splits transcript text at its placeholders (`[card]`, ...); any other bracketed word stays text. */
export function splitPlaceholders(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > at) pieces.push({ text: text.slice(at, index) });
    pieces.push({ entity: match[1] as RedactionEntity });
    at = index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}
