import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import type { CallPage } from './types';

export interface CallsQuery {
  page: number;
  pageSize?: number;
  q?: string;
  /** `silence`: the calls with the most silence first (default: newest first). */
  sort?: 'newest' | 'silence';
  /** Only calls with at least this many seconds of silence. */
  minSilence?: number;
}

/** GET /api/calls?page=&pageSize=&q=&sort=&minSilence=: the agent's calls, newest first unless sorted by silence. */
export function getCalls(
  { page, pageSize = 25, q, sort, minSilence }: CallsQuery,
  signal?: AbortSignal,
): Promise<CallPage> {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q?.trim()) params.set('q', q.trim());
  if (sort && sort !== 'newest') params.set('sort', sort);
  if (minSilence) params.set('minSilence', String(minSilence));
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
