import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useFailureReason, useFollowRecordingStatus, type FollowStatus } from '../api/get-recording-status';
import { usePrepareRecording } from '../api/prepare-recording';
import { recordingFileUrl, type RecordingTarget } from '../api/types';
import { preparationState, type KnownRecording, type PreparationState } from './preparation-state';

/** A request to make the recording playable: a press of Play (which then plays it) or of Try again. */
interface Run {
  id: number;
  startedAt: number;
  /** Play was pressed: the recording starts playing as soon as it is ready. */
  play: boolean;
}

export interface RecordingPreparation {
  state: PreparationState;
  /** The recording's URL for the <audio> element, once it is ready. */
  src: string | undefined;
  /** Whole seconds since the agent asked for it, while preparing. */
  elapsedSeconds: number;
  /** Whether the current run started from Play: the player plays the recording once it is ready. */
  playWhenReady: boolean;
  /** Which run the state belongs to (0 before any): a new run is a new request to play. */
  runId: number;
  /** Play on a recording that is not ready: one POST prepare, then the status it names is followed until ready. */
  prepare: () => void;
  /** Try again after a failure: the same, without playing at the end. */
  retry: () => void;
  /** The audio element could not load a recording the page said was ready: it is prepared like any other. */
  mediaFailed: (playRequested: boolean) => void;
}

/**
 * Whether (and when) the <audio> element may be given the recording's URL. Nothing is asked before the agent presses
 * Play: a recording the page knows is ready plays at once; any other is prepared by one POST, whose 202 names the
 * status resource the player then follows with held reads (Prefer: wait), all through TanStack Query. See
 * preparation-state.ts for the states. Leaving the page (or another recording) aborts the request in flight and
 * clears every timer.
 */
export function useRecordingPreparation(target: RecordingTarget, known?: KnownRecording): RecordingPreparation {
  const { callSid, recordingSid } = target;
  const [run, setRun] = useState<Run | null>(null);
  const [knownReadyFailed, setKnownReadyFailed] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const prepareMutation = usePrepareRecording();
  const { mutate } = prepareMutation;

  // The request in flight is aborted when the player goes away (another recording remounts it).
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (play: boolean) => {
      controller.current?.abort();
      const next = new AbortController();
      controller.current = next;
      setRun((current) => ({ id: (current?.id ?? 0) + 1, startedAt: Date.now(), play }));
      mutate({ target: { callSid, recordingSid }, signal: next.signal });
    },
    [mutate, callSid, recordingSid],
  );

  const answer = run ? prepareMutation.data : undefined;
  const follow: FollowStatus | null = run && answer?.kind === 'accepted' ? { url: answer.location, run: run.id } : null;
  const followQuery = useFollowRecordingStatus(follow);
  const prepareFailed =
    run !== null && prepareMutation.error instanceof ApiError && prepareMutation.error.status === 502;
  const reasonQuery = useFailureReason(target, run?.id ?? 0, prepareFailed);

  const state = preparationState({
    known,
    knownReadyFailed,
    run,
    prepare: run
      ? {
          status: prepareMutation.status,
          data: prepareMutation.data,
          error: prepareMutation.error,
          failureCount: prepareMutation.failureCount,
        }
      : { status: 'idle', failureCount: 0 },
    follow: {
      status: follow ? followQuery.status : 'idle',
      data: follow ? followQuery.data : undefined,
      error: followQuery.error,
      failureCount: followQuery.failureCount,
      dataUpdatedAt: followQuery.dataUpdatedAt,
    },
    reason: { status: reasonQuery.status, data: reasonQuery.data, error: reasonQuery.error, failureCount: 0 },
  });

  // The elapsed time shown while preparing: a clock for the agent's eyes, not a request.
  const preparing = state.status === 'preparing';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!preparing) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [preparing]);

  const prepare = useCallback(() => start(true), [start]);
  const retry = useCallback(() => start(false), [start]);
  const mediaFailed = useCallback(
    (playRequested: boolean) => {
      // Only the page's word is doubted: a recording the server called ready in this run stays so.
      if (run) return;
      setKnownReadyFailed(true);
      if (playRequested) start(true);
    },
    [run, start],
  );

  return {
    state,
    src: state.status === 'ready' ? recordingFileUrl(target) : undefined,
    elapsedSeconds: preparing && run ? Math.max(0, Math.floor((now - run.startedAt) / 1000)) : 0,
    playWhenReady: run?.play ?? false,
    runId: run?.id ?? 0,
    prepare,
    retry,
    mediaFailed,
  };
}
