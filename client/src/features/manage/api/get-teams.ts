import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type TeamList } from './types';

/** GET /api/manage/teams: the business's teams (admin and supervisor). */
export function getTeams(signal?: AbortSignal): Promise<TeamList> {
  return apiJson<TeamList>('/api/manage/teams', { signal });
}

export const teamsQueryOptions = () =>
  queryOptions({ queryKey: [...manageKey, 'teams'] as const, queryFn: ({ signal }) => getTeams(signal) });

export function useTeams({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...teamsQueryOptions(), enabled });
}
