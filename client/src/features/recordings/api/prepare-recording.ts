import { useMutation } from '@tanstack/react-query';
import { apiErrorOf, apiFetch } from '../../../lib/api-client';
import { networkRetryDelay, retryNetworkFailure } from '../../../lib/network-retry';
import { isRedacting } from './get-recording-status';
import { prepareRecordingUrl, recordingStatusUrl, type RecordingStatus, type RecordingTarget } from './types';

/** What prepare answered: playable now, or accepted, with the status resource to follow while it is prepared. */
export type PrepareAnswer =
  | { kind: 'ready'; status: RecordingStatus }
  | {
      kind: 'accepted';
      /** The status resource to follow (the answer's `Location`, resolved against the page). */
      location: string;
      status: RecordingStatus;
    };

/**
 * Where a 202 says to follow: its `Location`, when it names a resource of this origin. The server always sends one
 * (the recording's status, with `?recordingSid=` when the request named one); without a usable one, the status of the
 * recording asked for.
 */
export function statusLocation(location: string | null, target: RecordingTarget): string {
  if (location) {
    try {
      const url = new URL(location, window.location.href);
      if (url.origin === window.location.origin) return url.pathname + url.search;
    } catch {
      // Not a URL: follow the recording's own status below.
    }
  }
  return recordingStatusUrl(target);
}

/**
 * POST /api/recordings/{callSid}/prepare (`?recordingSid=` for a chosen part): makes sure the recording will be
 * playable, queuing its download (or a new attempt after a failure). 200 ready and 202 accepted are read (the status
 * body); anything else throws ApiError with the problem document (404 no recording, 410 expired, 502 the download
 * failed), UnauthorizedError on 401, a TypeError when the network fails.
 */
export async function prepareRecording(target: RecordingTarget, signal?: AbortSignal): Promise<PrepareAnswer> {
  const response = await apiFetch(prepareRecordingUrl(target), {
    method: 'POST',
    signal,
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  if (response.status !== 200 && response.status !== 202) throw await apiErrorOf(response);
  const status = (await response.json()) as RecordingStatus;
  // A 200 that says the redaction is still running is not playable yet: its status is followed like a 202's.
  if (response.status === 200 && !isRedacting(status)) return { kind: 'ready', status };
  return { kind: 'accepted', location: statusLocation(response.headers.get('Location'), target), status };
}

export interface PrepareVariables {
  target: RecordingTarget;
  /** Aborted when the player goes away (a mutation gets no signal of its own). */
  signal: AbortSignal;
}

/** Prepare as a mutation: sent once per request to play (a network failure is tried again 3 times, nothing else). */
export function usePrepareRecording() {
  return useMutation({
    mutationFn: ({ target, signal }: PrepareVariables) => prepareRecording(target, signal),
    retry: retryNetworkFailure,
    retryDelay: networkRetryDelay,
    networkMode: 'always',
  });
}
