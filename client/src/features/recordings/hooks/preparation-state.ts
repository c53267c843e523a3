import { ApiError, UnauthorizedError } from '../../../lib/api-client';
import { isNetworkFailure, NETWORK_RETRY_DELAYS_MS } from '../../../lib/network-retry';
import { isPending, isRedacting, nextStatusRead, type StatusReading } from '../api/get-recording-status';
import type { PrepareAnswer } from '../api/prepare-recording';

/**
 * What the player says about its recording, derived from what the page knows and what the requests of the current
 * run answered (no state of its own to keep in step):
 *
 *   before any run: ready (the page says so) | missing | failed (with the page's reason) | idle (Play prepares it)
 *   Play or Try again: checking --POST prepare--> 200 ready | 202 preparing | 404 missing | 410 expired
 *                                                  | 502 failed (reason: one status read) | other server failure
 *   preparing: held status reads --> ready | failed (its error) | missing | expired
 *              | gaveUp (3 minutes without progress; "redacting" when it stalled there)
 *              (a downloaded recording whose redaction is pending is still preparing: "redacting")
 *   a network failure: retrying (1 s, 2 s, 4 s) --> networkError     a 401 anywhere: unauthorized
 */

export type FailureKind = 'download' | 'server';

export type PreparationState =
  | { status: 'idle' }
  | { status: 'checking' }
  | {
      status: 'preparing';
      bytesDownloaded: number | null;
      totalBytes: number | null;
      /** Downloaded, and its card numbers (and the rest) are being removed: it is not served until then. */
      redacting?: boolean;
    }
  | { status: 'retrying'; attempt: number; maxAttempts: number }
  | { status: 'ready' }
  | { status: 'missing' }
  | { status: 'expired' }
  | { status: 'failed'; kind: FailureKind; detail?: string }
  | {
      status: 'gaveUp';
      /** It stopped moving while being transcribed and redacted (the server is still at it, as far as it said). */
      redacting?: boolean;
    }
  | { status: 'networkError' }
  | { status: 'unauthorized' };

export type PreparationStatus = PreparationState['status'];

/** What the call page knows of the recording (from the call's detail), before the player asks anything. */
export interface KnownRecording {
  state: string;
  /** Why a failed (or absent) recording is not playable: the server's sentence. */
  error?: string | null;
  /** Downloaded but still being redacted: not served yet, so a "ready" one is prepared like any other. */
  redacting?: boolean;
}

/** A request's progress as TanStack Query reports it, reduced to what the state depends on. */
export interface RequestProgress<T> {
  status: 'idle' | 'pending' | 'success' | 'error';
  data?: T;
  error?: unknown;
  /** Failed tries so far of the request in flight (its network retries). */
  failureCount: number;
}

export interface PreparationInputs {
  known?: KnownRecording;
  /** The page said ready, but the audio element could not load it: it needs preparing after all. */
  knownReadyFailed: boolean;
  /** The current run (null before Play or Try again). */
  run: { startedAt: number } | null;
  prepare: RequestProgress<PrepareAnswer>;
  /** The held status reads that follow a 202's Location. */
  follow: RequestProgress<StatusReading> & { dataUpdatedAt: number };
  /** The one status read after a 502, for its reason. */
  reason: RequestProgress<StatusReading>;
}

/** What an error that ended a request means for the player. */
function fromError(error: unknown, reason?: string): PreparationState {
  if (error instanceof UnauthorizedError) return { status: 'unauthorized' };
  if (isNetworkFailure(error)) return { status: 'networkError' };
  if (error instanceof ApiError) {
    if (error.status === 404) return { status: 'missing' };
    if (error.status === 410) return { status: 'expired' };
    if (error.status === 502)
      return reason ? { status: 'failed', kind: 'download', detail: reason } : { status: 'failed', kind: 'download' };
  }
  return { status: 'failed', kind: 'server' };
}

const retrying = (attempt: number): PreparationState => ({
  status: 'retrying',
  attempt,
  maxAttempts: NETWORK_RETRY_DELAYS_MS.length,
});

/** What a status read says: ready, still on its way (with progress), or why it will not be. */
function fromStatus(reading: StatusReading): PreparationState {
  const { status } = reading;
  if (isRedacting(status)) return { status: 'preparing', bytesDownloaded: null, totalBytes: null, redacting: true };
  switch (status.state) {
    case 'ready':
      return { status: 'ready' };
    case 'queued':
    case 'downloading':
      return { status: 'preparing', bytesDownloaded: status.bytesDownloaded, totalBytes: status.totalBytes };
    case 'failed':
      return status.error
        ? { status: 'failed', kind: 'download', detail: status.error }
        : { status: 'failed', kind: 'download' };
    case 'missing':
      return { status: 'missing' };
    case 'expired':
      return { status: 'expired' };
    default:
      // remote: prepare queued it, yet nothing is queued now. Not asked again on its own (no loop): Try again.
      return { status: 'failed', kind: 'server' };
  }
}

export function preparationState({
  known,
  knownReadyFailed,
  run,
  prepare,
  follow,
  reason,
}: PreparationInputs): PreparationState {
  if (!run) {
    switch (known?.state) {
      case 'ready':
        return knownReadyFailed || known.redacting ? { status: 'idle' } : { status: 'ready' };
      case 'missing':
        return { status: 'missing' };
      case 'expired':
        return { status: 'expired' };
      case 'failed':
        return known.error
          ? { status: 'failed', kind: 'download', detail: known.error }
          : { status: 'failed', kind: 'download' };
      default:
        return { status: 'idle' };
    }
  }

  switch (prepare.status) {
    case 'idle':
      return { status: 'checking' };
    case 'pending':
      return prepare.failureCount > 0 ? retrying(prepare.failureCount) : { status: 'checking' };
    case 'error': {
      const detail = reason.status === 'success' ? (reason.data?.status.error ?? undefined) : undefined;
      return fromError(prepare.error, detail);
    }
    case 'success':
      break;
  }
  const answer = prepare.data;
  if (!answer || answer.kind === 'ready') return { status: 'ready' };

  if (follow.status === 'error') return fromError(follow.error);
  if (follow.failureCount > 0) return retrying(follow.failureCount);
  const reading = follow.data;
  if (!reading) {
    // The first held read is on its way: what prepare said so far.
    if (isRedacting(answer.status))
      return { status: 'preparing', bytesDownloaded: null, totalBytes: null, redacting: true };
    return {
      status: 'preparing',
      bytesDownloaded: answer.status.bytesDownloaded,
      totalBytes: answer.status.totalBytes,
    };
  }
  if (
    follow.status === 'success' &&
    isPending(reading.status) &&
    nextStatusRead(reading, follow.dataUpdatedAt) === null
  ) {
    return isRedacting(reading.status) ? { status: 'gaveUp', redacting: true } : { status: 'gaveUp' };
  }
  return fromStatus(reading);
}
