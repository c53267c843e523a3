import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import type { CallDetail } from './types';

/** GET /api/calls/{callSid}: one call with its transcript and summary; ApiError 404 call_not_found. */
export function getCall(callSid: string, signal?: AbortSignal): Promise<CallDetail> {
  return apiJson<CallDetail>(`/api/calls/${encodeURIComponent(callSid)}`, { signal });
}

export const callQueryOptions = (callSid: string) =>
  queryOptions({
    queryKey: ['calls', 'detail', callSid] as const,
    queryFn: ({ signal }) => getCall(callSid, signal),
    // The transcript, its redaction and the summary are written after the call: look again while they are in progress.
    refetchInterval: (query) => {
      const data = query.state.data;
      const busy = (s?: string) => s === 'queued' || s === 'running';
      return data && (busy(data.transcript.state) || busy(data.summary.state) || redacting(data)) ? 10_000 : false;
    },
  });

export function useCall(callSid: string) {
  return useQuery(callQueryOptions(callSid));
}

/** Whether a recording of the call is still being redacted (its transcript and audio will change). */
function redacting(call: CallDetail): boolean {
  const recordings = [call.recording, ...(call.recordings ?? [])];
  return recordings.some((recording) => recording.redaction?.state === 'pending');
}
