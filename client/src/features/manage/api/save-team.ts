import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type Team } from './types';

export type TeamInput = Pick<Team, 'name' | 'phoneNumbers' | 'supervisorIds'>;

/** POST /api/manage/teams -> 201 the team. Numbers must be the business's own (400 otherwise). */
export function createTeam(input: TeamInput, signal?: AbortSignal): Promise<Team> {
  return apiJson<Team>('/api/manage/teams', { method: 'POST', body: JSON.stringify(input), signal });
}

/** PATCH /api/manage/teams/{id} (every field optional) -> 200 the team; 404 a team that is not the business's. */
export function updateTeam(id: string, changes: Partial<TeamInput>, signal?: AbortSignal): Promise<Team> {
  return apiJson<Team>(`/api/manage/teams/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: JSON.stringify(changes),
    signal,
  });
}

/** Creates a team (no id) or changes one. */
export function useSaveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: TeamInput }) => (id ? updateTeam(id, input) : createTeam(input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manageKey }),
  });
}
