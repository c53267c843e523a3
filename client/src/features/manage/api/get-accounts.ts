import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type AccountList } from './types';

/** GET /api/manage/agents: the business's accounts (admin and supervisor; an agent is answered 403). */
export function getAccounts(signal?: AbortSignal): Promise<AccountList> {
  return apiJson<AccountList>('/api/manage/agents', { signal });
}

export const accountsQueryOptions = () =>
  queryOptions({ queryKey: [...manageKey, 'agents'] as const, queryFn: ({ signal }) => getAccounts(signal) });

export function useAccounts({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...accountsQueryOptions(), enabled });
}
