import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type Retention } from './types';

const retentionKey = [...manageKey, 'retention'] as const;

/** GET /api/manage/retention (admin). */
export function getRetention(signal?: AbortSignal): Promise<Retention> {
  return apiJson<Retention>('/api/manage/retention', { signal });
}

/** PUT /api/manage/retention -> 200 the same body; days from 1 to 3650, null for ever (400 otherwise). */
export function putRetention(retention: Retention, signal?: AbortSignal): Promise<Retention> {
  return apiJson<Retention>('/api/manage/retention', { method: 'PUT', body: JSON.stringify(retention), signal });
}

export const retentionQueryOptions = () =>
  queryOptions({ queryKey: retentionKey, queryFn: ({ signal }) => getRetention(signal) });

export function useRetention() {
  return useQuery(retentionQueryOptions());
}

export function useSaveRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (retention: Retention) => putRetention(retention),
    onSuccess: (saved) => queryClient.setQueryData(retentionKey, saved),
  });
}
