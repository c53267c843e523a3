import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type AuditPage } from './types';

/** The audit log's filters; every one optional. `from` and `to` are ISO 8601 instants. */
export interface AuditFilters {
  callSid?: string;
  agentEmail?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The filters as a query string, without the empty ones (the list and the CSV export take the same). */
export function auditFilterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['callSid', 'agentEmail', 'action', 'from', 'to'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** GET /api/manage/audit.csv?<filters>: every matching entry as CSV, streamed by the server (a link, not a fetch). */
export function auditCsvUrl(filters: AuditFilters): string {
  const query = auditFilterParams(filters).toString();
  return query ? `/api/manage/audit.csv?${query}` : '/api/manage/audit.csv';
}

/** GET /api/manage/audit?<filters>&limit=&cursor=: newest first, a page at a time by cursor (admin). */
export function getAudit(
  filters: AuditFilters,
  { cursor, limit }: { cursor?: string | null; limit: number },
  signal?: AbortSignal,
): Promise<AuditPage> {
  const params = auditFilterParams(filters);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return apiJson<AuditPage>(`/api/manage/audit?${params}`, { signal });
}

export const auditQueryOptions = (filters: AuditFilters, cursor: string | null, limit: number) =>
  queryOptions({
    queryKey: [...manageKey, 'audit', filters, cursor, limit] as const,
    queryFn: ({ signal }) => getAudit(filters, { cursor, limit }, signal),
    placeholderData: keepPreviousData,
  });

export function useAudit(filters: AuditFilters, cursor: string | null, limit: number) {
  return useQuery(auditQueryOptions(filters, cursor, limit));
}
