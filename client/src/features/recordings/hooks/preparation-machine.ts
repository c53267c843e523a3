import { parseRetryAfter } from '../../../lib/retry-after';

/**
 * The recording preparation state machine, as pure data and pure functions, so the rules can be read (and tested)
 * apart from the timers and requests that drive them (use-recording-preparation.ts only performs what `decide` says).
 *
 *   checking --202--> preparing --(Retry-After)--> checking ...
 *   checking --200--> ready          checking --404--> missing      checking --502/500--> failed
 *   checking --410--> expired (deleted under the retention policy: nothing can bring it back)
 *   preparing --(3 min in all)--> gaveUp
 *   network error --> retrying (1 s, 2 s, 4 s) --> checking ... --> networkError
 *   401 anywhere --> unauthorized
 * ready, missing, expired, failed, gaveUp, networkError and unauthorized are final: only retry() starts a new run
 * (expired offers none). A failed download's reason arrives after it (failureDetail), from one status read.
 */

export type FailureKind = 'download' | 'server';

export type PreparationState =
  | { status: 'checking' }
  | { status: 'preparing'; startedAt: number; now: number; bytesDownloaded: number | null; totalBytes: number | null }
  | { status: 'retrying'; attempt: number; maxAttempts: number }
  | { status: 'ready'; src: string }
  | { status: 'missing' }
  | { status: 'expired' }
  | { status: 'failed'; kind: FailureKind; detail?: string }
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
  | { type: 'expired' }
  | { type: 'failed'; kind: FailureKind }
  | { type: 'failureDetail'; detail: string }
  | { type: 'gaveUp' }
  | { type: 'networkError' }
  | { type: 'unauthorized' };

export const INITIAL_STATE: PreparationState = { status: 'checking' };

/** Total time the player keeps waiting for a download before it gives up (the agent can try again). */
export const PREPARATION_LIMIT_MS = 3 * 60 * 1000;
/** Waits between attempts after a network error; after the last one the player shows an error. */
export const NETWORK_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];
/**
 * Checks after the first ask the server to hold the answer until the recording is ready (Prefer: wait), so that
 * readiness reaches the agent at once; the progress shown is refreshed after each such check.
 */
export const PREFER_WAIT_SECONDS = 5;

const FINAL: ReadonlySet<PreparationStatus> = new Set([
  'ready',
  'missing',
  'expired',
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
    case 'failureDetail':
      return state.status === 'failed' ? { ...state, detail: event.detail } : state;
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
    case 'expired':
    case 'gaveUp':
    case 'networkError':
    case 'unauthorized':
      return { status: event.type };
  }
}

/** What one check of the recording (HEAD of the file, or POST prepare) came back with. */
export type CheckOutcome =
  | { kind: 'answer'; status: number; retryAfter: string | null; waitApplied: boolean }
  | { kind: 'networkError' }
  | { kind: 'unauthorized' };

/** What the run does next: stop, or check again after a pause (asking the server to hold the answer, or not). */
export type NextStep =
  { action: 'stop' } | { action: 'check'; afterMs: number; preferWait: boolean; readProgress: boolean };

export interface RunContext {
  /** The recording file's URL, which the audio element is given once it is ready. */
  src: string;
  /** When the run started (ms). */
  startedAt: number;
  /** Network failures in a row so far. */
  networkFailures: number;
}

export interface Decision {
  event: PreparationEvent;
  next: NextStep;
  networkFailures: number;
}

const STOP: NextStep = { action: 'stop' };

/**
 * The preparation rules: what a check's outcome means, and what the run does next.
 *
 * - 200: ready. 404: missing. 410: expired. 502: the download failed. Anything else: a server error.
 * - 202: preparing. When the server held the answer (Prefer: wait applied) the next check goes at once, again held;
 *   otherwise (a server that does not hold, or the first check) it waits Retry-After. Never past 3 minutes in all.
 * - A network error is retried after 1, 2 and 4 seconds, then reported. A 401 ends the run.
 */
export function decide(outcome: CheckOutcome, context: RunContext, now: number): Decision {
  switch (outcome.kind) {
    case 'unauthorized':
      return { event: { type: 'unauthorized' }, next: STOP, networkFailures: context.networkFailures };
    case 'networkError': {
      const failures = context.networkFailures;
      if (failures >= NETWORK_RETRY_DELAYS_MS.length) {
        return { event: { type: 'networkError' }, next: STOP, networkFailures: failures };
      }
      return {
        event: { type: 'networkRetry', attempt: failures + 1, maxAttempts: NETWORK_RETRY_DELAYS_MS.length },
        next: { action: 'check', afterMs: NETWORK_RETRY_DELAYS_MS[failures], preferWait: false, readProgress: false },
        networkFailures: failures + 1,
      };
    }
    case 'answer':
      break;
  }

  switch (outcome.status) {
    case 200:
      return { event: { type: 'ready', src: context.src }, next: STOP, networkFailures: 0 };
    case 202: {
      const afterMs = outcome.waitApplied ? 0 : parseRetryAfter(outcome.retryAfter, now) * 1000;
      if (now + afterMs - context.startedAt > PREPARATION_LIMIT_MS) {
        return { event: { type: 'gaveUp' }, next: STOP, networkFailures: 0 };
      }
      return {
        event: { type: 'accepted', startedAt: context.startedAt, now },
        next: { action: 'check', afterMs, preferWait: true, readProgress: true },
        networkFailures: 0,
      };
    }
    case 404:
      return { event: { type: 'missing' }, next: STOP, networkFailures: 0 };
    case 410:
      return { event: { type: 'expired' }, next: STOP, networkFailures: 0 };
    case 502:
      return { event: { type: 'failed', kind: 'download' }, next: STOP, networkFailures: 0 };
    default:
      return { event: { type: 'failed', kind: 'server' }, next: STOP, networkFailures: 0 };
  }
}
