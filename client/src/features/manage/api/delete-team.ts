import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey } from './types';

/** DELETE /api/manage/teams/{id} -> 204. Its members stay; they are no longer in it. */
export function deleteTeam(id: string, signal?: AbortSignal): Promise<void> {
  return apiJson<void>(`/api/manage/teams/${encodeURIComponent(id)}`, { method: 'DELETE', signal });
}

export function useDeleteTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteTeam(id),
    // The accounts' teamIds change too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manageKey }),
  });
}
