import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import type { CallPage } from './types';

export interface CallsQuery {
  page: number;
  pageSize?: number;
  q?: string;
}

/** GET /api/calls?page=&pageSize=&q=: the agent's calls, newest first. */
export function getCalls({ page, pageSize = 25, q }: CallsQuery, signal?: AbortSignal): Promise<CallPage> {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q?.trim()) params.set('q', q.trim());
  return apiJson<CallPage>(`/api/calls?${params}`, { signal });
}

export const callsQueryOptions = (query: CallsQuery) =>
  queryOptions({
    queryKey: ['calls', 'list', query] as const,
    queryFn: ({ signal }) => getCalls(query, signal),
    placeholderData: keepPreviousData,
  });

export function useCalls(query: CallsQuery) {
  return useQuery(callsQueryOptions(query));
}
