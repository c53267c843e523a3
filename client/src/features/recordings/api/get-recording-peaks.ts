import { useQuery } from '@tanstack/react-query';
import { apiFetch, discardBody } from '../../../lib/api-client';
import type { Speaker } from '../../../lib/insight';
import { parseRetryAfter } from '../../../lib/retry-after';
import type { RecordingTarget } from './types';

/** One lane of the waveform: a speaker's channel (null for a mono recording) and its peaks from 0 to 1. */
export interface PeaksLane {
  speaker: Speaker | null;
  peaks: number[];
}

export interface RecordingPeaks {
  durationSeconds: number;
  channels: PeaksLane[];
}

/** The waveform, or why there is none yet: still measured (ask again after `retryAfterSeconds`), or none at all. */
export type PeaksResult =
  | { status: 'ready'; peaks: RecordingPeaks }
  | { status: 'pending'; retryAfterSeconds: number }
  | { status: 'unavailable' };

/** How many points the player asks for: about one per pixel of a wide player. */
export const PEAK_BUCKETS = 600;

/** How many times a waveform still being measured is asked for before the player does without it. */
export const MAX_PEAK_ATTEMPTS = 10;

const peaksUrl = ({ callSid, recordingSid }: RecordingTarget) => {
  const params = new URLSearchParams({ buckets: String(PEAK_BUCKETS) });
  if (recordingSid) params.set('recordingSid', recordingSid);
  return `/api/recordings/${encodeURIComponent(callSid)}/peaks?${params}`;
};

/**
 * GET /api/recordings/{callSid}/peaks. A 202 (measured after the download) is not an error: the answer says when to
 * ask again. Any other failure means the player shows its plain seek bar: the waveform is an aid, never a blocker.
 */
export async function getRecordingPeaks(target: RecordingTarget, signal?: AbortSignal): Promise<PeaksResult> {
  const response = await apiFetch(peaksUrl(target), { signal, headers: { Accept: 'application/json' } });
  if (response.status === 202 || !response.ok) await discardBody(response);
  if (response.status === 202) {
    return { status: 'pending', retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')) };
  }
  if (!response.ok) return { status: 'unavailable' };
  return { status: 'ready', peaks: (await response.json()) as RecordingPeaks };
}

/**
 * The recording's waveform once it is playable. While it is measured the query asks again after Retry-After, at most
 * {@link MAX_PEAK_ATTEMPTS} times (never a loop of requests); a network failure is not retried either.
 */
export function useRecordingPeaks(target: RecordingTarget, enabled: boolean) {
  return useQuery({
    queryKey: ['recordings', 'peaks', target.callSid, target.recordingSid ?? null] as const,
    queryFn: ({ signal }) => getRecordingPeaks(target, signal),
    enabled,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.status !== 'pending' || query.state.dataUpdateCount >= MAX_PEAK_ATTEMPTS) return false;
      return data.retryAfterSeconds * 1000;
    },
  });
}
