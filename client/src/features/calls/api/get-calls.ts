import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import type { CallPage } from './types';

export interface CallsQuery {
  /** The previous page's `nextCursor` (none: the first page). */
  cursor?: string | null;
  limit?: number;
  /** A search of what was said and of phone numbers: every word, any order; "a phrase"; word* for a prefix. */
  q?: string;
  /** `newest` first, or `silence`: the most silence first (none: newest first, or by relevance with a search). */
  sort?: 'newest' | 'silence';
  /** Only calls with at least this many seconds of silence. */
  minSilence?: number;
  /** Only the calls of this account (a supervisor's or an admin's filter). */
  agentId?: string;
  /** Only the calls of this team. */
  teamId?: string;
}

/**
 * GET /api/calls?limit=&cursor=&q=&sort=&minSilence=&agentId=&teamId=: the calls the role may see a page at a time
 * (by cursor), newest first, by relevance with a search, or the most silent first.
 */
export function getCalls(
  { cursor, limit = 25, q, sort, minSilence, agentId, teamId }: CallsQuery,
  signal?: AbortSignal,
): Promise<CallPage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  if (q?.trim()) params.set('q', q.trim());
  if (sort) params.set('sort', sort);
  if (minSilence) params.set('minSilence', String(minSilence));
  if (agentId) params.set('agentId', agentId);
  if (teamId) params.set('teamId', teamId);
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
