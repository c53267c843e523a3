/**
 * The recording preparation state machine, as pure data and a pure transition function, so the rules can be read
 * (and tested) apart from the timers and requests that drive them (see use-recording-preparation.ts).
 *
 *   checking --202--> preparing --(Retry-After)--> checking ...
 *   checking --200--> ready          checking --404--> missing      checking --502/500--> failed
 *   preparing --(3 min in all)--> gaveUp
 *   network error --> retrying (1 s, 2 s, 4 s) --> checking ... --> networkError
 *   401 anywhere --> unauthorized
 * ready, missing, failed, gaveUp, networkError and unauthorized are final: only retry() starts a new run.
 */

export type FailureKind = 'download' | 'server';

export type PreparationState =
  | { status: 'checking' }
  | { status: 'preparing'; startedAt: number; now: number; bytesDownloaded: number | null; totalBytes: number | null }
  | { status: 'retrying'; attempt: number; maxAttempts: number }
  | { status: 'ready'; src: string }
  | { status: 'missing' }
  | { status: 'failed'; kind: FailureKind }
  | { status: 'gaveUp' }
  | { status: 'networkError' }
  | { status: 'unauthorized' };

export type PreparationStatus = PreparationState['status'];

export type PreparationEvent =
  | { type: 'checking' }
  | { type: 'accepted'; startedAt: number; now: number }
  | { type: 'progress'; bytesDownloaded: number | null; totalBytes: number | null }
  | { type: 'tick'; now: number }
  | { type: 'networkRetry'; attempt: number; maxAttempts: number }
  | { type: 'ready'; src: string }
  | { type: 'missing' }
  | { type: 'failed'; kind: FailureKind }
  | { type: 'gaveUp' }
  | { type: 'networkError' }
  | { type: 'unauthorized' };

export const INITIAL_STATE: PreparationState = { status: 'checking' };

/** Total time the player keeps waiting for a download before it gives up (the agent can try again). */
export const PREPARATION_LIMIT_MS = 3 * 60 * 1000;
/** Waits between attempts after a network error; after the last one the player shows an error. */
export const NETWORK_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];
export const DEFAULT_RETRY_AFTER_SECONDS = 2;
export const MIN_RETRY_AFTER_SECONDS = 1;
export const MAX_RETRY_AFTER_SECONDS = 30;

const FINAL: ReadonlySet<PreparationStatus> = new Set([
  'ready',
  'missing',
  'failed',
  'gaveUp',
  'networkError',
  'unauthorized',
]);

export function isFinal(state: PreparationState): boolean {
  return FINAL.has(state.status);
}

export function transition(state: PreparationState, event: PreparationEvent): PreparationState {
  switch (event.type) {
    case 'progress':
      return state.status === 'preparing'
        ? { ...state, bytesDownloaded: event.bytesDownloaded, totalBytes: event.totalBytes }
        : state;
    case 'tick':
      return state.status === 'preparing' ? { ...state, now: event.now } : state;
    default:
      break;
  }
  if (isFinal(state)) return state;
  switch (event.type) {
    case 'checking':
      return state.status === 'preparing' ? state : INITIAL_STATE;
    case 'accepted':
      return state.status === 'preparing'
        ? { ...state, now: event.now }
        : { status: 'preparing', startedAt: event.startedAt, now: event.now, bytesDownloaded: null, totalBytes: null };
    case 'networkRetry':
      return { status: 'retrying', attempt: event.attempt, maxAttempts: event.maxAttempts };
    case 'ready':
      return { status: 'ready', src: event.src };
    case 'failed':
      return { status: 'failed', kind: event.kind };
    case 'missing':
    case 'gaveUp':
    case 'networkError':
    case 'unauthorized':
      return { status: event.type };
  }
}

/**
 * Seconds to wait before asking again, from a Retry-After header: delay-seconds or an HTTP-date.
 * Missing or invalid -> 2; always clamped to 1..30.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number {
  const clamp = (seconds: number) => Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(MIN_RETRY_AFTER_SECONDS, seconds));
  const text = value?.trim();
  if (!text) return DEFAULT_RETRY_AFTER_SECONDS;
  if (/^\d+$/.test(text)) return clamp(Number(text));
  if (/^[A-Za-z]{3}, /.test(text)) {
    const date = Date.parse(text);
    if (Number.isFinite(date)) return clamp(Math.ceil((date - now) / 1000));
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}
