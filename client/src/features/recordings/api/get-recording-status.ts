import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { recordingStatusUrl, type RecordingStatus } from './types';

/** GET /api/recordings/{callSid}: the recording's state and download progress. */
export function getRecordingStatus(callSid: string, signal?: AbortSignal): Promise<RecordingStatus> {
  return apiJson<RecordingStatus>(recordingStatusUrl(callSid), { signal, cache: 'no-store' });
}

export const recordingStatusQueryOptions = (callSid: string) =>
  queryOptions({
    queryKey: ['recordings', callSid, 'status'] as const,
    queryFn: ({ signal }) => getRecordingStatus(callSid, signal),
    staleTime: 0,
  });

export function useRecordingStatus(callSid: string) {
  return useQuery(recordingStatusQueryOptions(callSid));
}
