import { useCallback, useEffect, useReducer, useState } from 'react';
import { isAbortError, UnauthorizedError } from '../../../lib/api-client';
import { getRecordingStatus } from '../api/get-recording-status';
import { headRecordingFile } from '../api/head-recording-file';
import { prepareRecording } from '../api/prepare-recording';
import { recordingFileUrl, type RecordingTarget } from '../api/types';
import {
  INITIAL_STATE,
  PREFER_WAIT_SECONDS,
  decide,
  transition,
  type CheckOutcome,
  type PreparationEvent,
  type PreparationState,
  type RunContext,
} from './preparation-machine';

type FirstStep = 'head' | 'prepare';

/** Resolves after ms, or rejects with an AbortError as soon as the signal aborts (and clears its timer). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

interface RunOptions {
  target: RecordingTarget;
  firstStep: FirstStep;
  signal: AbortSignal;
  emit: (event: PreparationEvent) => void;
}

/** One check: the file's HEAD (held by the server with Prefer: wait when asked) or POST prepare. */
async function check(
  target: RecordingTarget,
  step: FirstStep,
  preferWait: boolean,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  try {
    const answer =
      step === 'prepare'
        ? await prepareRecording(target, signal)
        : await headRecordingFile(target, signal, preferWait ? PREFER_WAIT_SECONDS : 0);
    return { kind: 'answer', ...answer };
  } catch (error) {
    if (signal.aborted || isAbortError(error)) throw error;
    return error instanceof UnauthorizedError ? { kind: 'unauthorized' } : { kind: 'networkError' };
  }
}

/**
 * One preparation run: the only loop of a player. It performs what the machine decides (preparation-machine.ts,
 * `decide`): every request takes the run's signal and every wait is an abortable sleep, so aborting the signal stops
 * it at once with no further request.
 */
async function runPreparation({ target, firstStep, signal, emit }: RunOptions): Promise<void> {
  let context: RunContext = { src: recordingFileUrl(target), startedAt: Date.now(), networkFailures: 0 };
  let step: FirstStep = firstStep;
  let preferWait = false;
  try {
    for (;;) {
      const outcome = await check(target, step, preferWait, signal);
      const decision = decide(outcome, context, Date.now());
      context = { ...context, networkFailures: decision.networkFailures };
      emit(decision.event);
      const { next } = decision;
      if (decision.event.type === 'failed' && decision.event.kind === 'download') {
        // Why it failed, for the agent: one status read (a sentence such as "Twilio answered 503 six times").
        const status = await getRecordingStatus(target, signal).catch(() => null);
        if (status?.error && !signal.aborted) emit({ type: 'failureDetail', detail: status.error });
      }
      if (next.action === 'stop') return;
      if (next.readProgress) {
        // Progress for the agent; a failure here changes nothing (the next check decides).
        getRecordingStatus(target, signal).then(
          (status) =>
            !signal.aborted &&
            emit({ type: 'progress', bytesDownloaded: status.bytesDownloaded, totalBytes: status.totalBytes }),
          () => undefined,
        );
      }
      if (next.afterMs > 0) {
        await sleep(next.afterMs, signal);
      }
      if (outcome.kind === 'networkError') emit({ type: 'checking' });
      step = 'head';
      preferWait = next.preferWait;
    }
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return;
    emit({ type: 'failed', kind: 'server' });
  }
}

interface Stored {
  key: string;
  state: PreparationState;
}

function reducer(stored: Stored, action: { key: string; event: PreparationEvent }): Stored {
  const base = stored.key === action.key ? stored.state : INITIAL_STATE;
  const next = transition(base, action.event);
  return stored.key === action.key && next === stored.state ? stored : { key: action.key, state: next };
}

export interface RecordingPreparation {
  state: PreparationState;
  /** Whole seconds since this run started, while preparing. */
  elapsedSeconds: number;
  /** Starts a new run: after a failed download it POSTs prepare first, otherwise it checks the file again. */
  retry: () => void;
}

/**
 * Decides when the <audio> element may be given the recording's URL. See preparation-machine.ts for the states.
 * At most one run per player; changing the recording or unmounting aborts the request in flight and clears every timer.
 */
export function useRecordingPreparation({ callSid, recordingSid }: RecordingTarget): RecordingPreparation {
  const [run, setRun] = useState<{ id: number; firstStep: FirstStep }>({ id: 0, firstStep: 'head' });
  const key = `${callSid}/${recordingSid ?? ''}#${run.id}`;
  const [stored, dispatch] = useReducer(reducer, { key, state: INITIAL_STATE });
  const state = stored.key === key ? stored.state : INITIAL_STATE;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const emit = (event: PreparationEvent) => {
      if (!signal.aborted) dispatch({ key, event });
    };
    void runPreparation({ target: { callSid, recordingSid }, firstStep: run.firstStep, signal, emit });
    return () => controller.abort();
  }, [key, callSid, recordingSid, run.firstStep]);

  const preparing = state.status === 'preparing';
  useEffect(() => {
    if (!preparing) return;
    const timer = setInterval(() => dispatch({ key, event: { type: 'tick', now: Date.now() } }), 1000);
    return () => clearInterval(timer);
  }, [key, preparing]);

  const failed = state.status === 'failed';
  const retry = useCallback(() => {
    setRun((current) => ({ id: current.id + 1, firstStep: failed ? 'prepare' : 'head' }));
  }, [failed]);

  const elapsedSeconds =
    state.status === 'preparing' ? Math.max(0, Math.floor((state.now - state.startedAt) / 1000)) : 0;
  return { state, elapsedSeconds, retry };
}
