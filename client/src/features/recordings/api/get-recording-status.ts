import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiErrorOf, apiFetch } from '../../../lib/api-client';
import { networkRetryDelay, retryNetworkFailure } from '../../../lib/network-retry';
import { parseRetryAfter } from '../../../lib/retry-after';
import { recordingStatusUrl, type RecordingStatus, type RecordingTarget } from './types';

/**
 * How long the player asks the server to hold a status read (`Prefer: wait=N`): the answer comes when the download
 * ends (so readiness arrives at once) or after N seconds with the progress so far (so the bar moves every N seconds).
 */
export const PREFER_WAIT_SECONDS = 5;

/**
 * How long the player follows a recording whose preparation shows no progress before it gives up (the agent can try
 * again). Progress is any change the status shows: the state, the bytes downloaded, the transcript's or the
 * redaction's state. A long download that moves, or a long call that is transcribed and then redacted, is followed to
 * the end.
 */
export const PREPARATION_LIMIT_MS = 3 * 60 * 1000;

/** One read of the status resource. */
export interface StatusReading {
  status: RecordingStatus;
  /** Seconds to wait before asking again (the answer's Retry-After, read once here). */
  retryAfterSeconds: number;
  /** Whether the server held the request as asked (`Preference-Applied: wait=N`). */
  held: boolean;
  /** How long the request took, in ms: a held one has already waited. */
  tookMs: number;
  /** When the progress this reading shows was first seen (ms): see {@link keepProgressTime}. */
  progressedAt: number;
}

/**
 * GET /api/recordings/{callSid} (or the URL a 202's Location named): the recording's state and download progress.
 * With `waitSeconds`, asks the server to hold the answer while the recording is queued or downloading (Prefer: wait).
 * Throws ApiError 404 when the call or recording does not exist, UnauthorizedError on 401, a TypeError when the
 * network fails.
 */
export async function getRecordingStatus(
  url: string,
  { signal, waitSeconds = 0 }: { signal?: AbortSignal; waitSeconds?: number } = {},
): Promise<StatusReading> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (waitSeconds > 0) headers.Prefer = `wait=${waitSeconds}`;
  const started = Date.now();
  const response = await apiFetch(url, { signal, cache: 'no-store', headers });
  if (!response.ok) throw await apiErrorOf(response);
  const status = (await response.json()) as RecordingStatus;
  return {
    status,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    held: /(^|[,\s])wait=/i.test(response.headers.get('Preference-Applied') ?? ''),
    tookMs: Date.now() - started,
    progressedAt: Date.now(),
  };
}

/** What counts as progress of a preparation: a change of any of these. */
const progressOf = (status: RecordingStatus) =>
  [status.state, status.bytesDownloaded, status.transcript?.state, status.redaction?.state].join('|');

/**
 * The next reading, with the time of the last progress carried over when it shows none since the previous one (each
 * reading alone only knows when it was answered). TanStack Query's structural sharing step: it sees both.
 */
export function keepProgressTime(previous: StatusReading | undefined, next: StatusReading): StatusReading {
  if (!previous || progressOf(previous.status) !== progressOf(next.status)) return next;
  return { ...next, progressedAt: previous.progressedAt };
}

/**
 * Whether the recording is still on its way (the states a status read is held and repeated in): queued, downloading,
 * or downloaded but not yet redacted (it is not served until its card numbers are removed).
 */
export const isPending = (status: RecordingStatus) =>
  status.state === 'queued' || status.state === 'downloading' || isRedacting(status);

/**
 * Downloaded, but its redaction has not finished: not served yet. The server reports such a recording as
 * `downloading` (complete); `ready` is accepted too.
 */
export const isRedacting = (status: RecordingStatus) =>
  (status.state === 'downloading' || status.state === 'ready') && status.redaction?.state === 'pending';

/**
 * When to read the status again after `reading`, answered at `answeredAt`: in ms, or null when there is nothing more
 * to ask (the recording is no longer pending, or the next read would come more than {@link PREPARATION_LIMIT_MS}
 * after the last progress: the player gives up).
 *
 * The next read starts no sooner than Retry-After after this one started: a read the server held (Preference-Applied)
 * has already waited that long, so the next goes at once; one it answered at once (a server that does not hold, or a
 * hold cut short) waits out Retry-After.
 */
export function nextStatusRead(reading: StatusReading, answeredAt: number): number | null {
  if (!isPending(reading.status)) return null;
  const retryAfterMs = reading.retryAfterSeconds * 1000;
  const delay = reading.held ? Math.max(0, retryAfterMs - reading.tookMs) : retryAfterMs;
  if (answeredAt + delay - reading.progressedAt > PREPARATION_LIMIT_MS) return null;
  // TanStack Query reads an interval of 0 as "none": the next read goes after 1 ms.
  return Math.max(1, delay);
}

export interface FollowStatus {
  /** The status resource to follow (a 202's Location). */
  url: string;
  /** The run (a press of Play or Try again): a new run follows afresh. */
  run: number;
}

/**
 * Following a recording while it is prepared: one held read at a time, each as soon as the previous one's answer
 * allows ({@link nextStatusRead}), until it is no longer pending. A network failure is tried again 3 times; any
 * answer that is not a status (404, 500) ends the following, as does leaving the page (the read in flight is aborted).
 */
export const followRecordingStatusQueryOptions = ({ url, run }: FollowStatus) =>
  queryOptions({
    queryKey: ['recordings', 'status', 'follow', url, run] as const,
    queryFn: ({ signal }) => getRecordingStatus(url, { signal, waitSeconds: PREFER_WAIT_SECONDS }),
    retry: retryNetworkFailure,
    retryDelay: networkRetryDelay,
    networkMode: 'always',
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    structuralSharing: (previous, next) =>
      keepProgressTime(previous as StatusReading | undefined, next as StatusReading),
    // A download goes on while the agent looks at another tab; readiness should be there when they come back.
    refetchIntervalInBackground: true,
    refetchInterval: (query) => {
      const { data, status, fetchStatus, dataUpdatedAt } = query.state;
      if (!data || status !== 'success' || fetchStatus !== 'idle') return false;
      return nextStatusRead(data, dataUpdatedAt) ?? false;
    },
  });

/** Follows the status resource `follow.url` names; nothing while `follow` is null. */
export function useFollowRecordingStatus(follow: FollowStatus | null) {
  return useQuery({
    ...followRecordingStatusQueryOptions(follow ?? { url: '', run: 0 }),
    enabled: follow !== null,
  });
}

/**
 * Why a download failed, after prepare answered 502: one plain read of the recording's status (its `error`). Not
 * retried: the failure is shown either way, the reason only when it could be read.
 */
export const failureReasonQueryOptions = (target: RecordingTarget, run: number) =>
  queryOptions({
    queryKey: ['recordings', 'status', 'reason', target.callSid, target.recordingSid ?? null, run] as const,
    queryFn: ({ signal }) => getRecordingStatus(recordingStatusUrl(target), { signal }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

/** The failure's reason, read once while `enabled` (prepare answered 502 in this run). */
export function useFailureReason(target: RecordingTarget, run: number, enabled: boolean) {
  return useQuery({ ...failureReasonQueryOptions(target, run), enabled });
}
