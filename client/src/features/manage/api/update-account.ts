import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type Account } from './types';

export type AccountChanges = Partial<Pick<Account, 'displayName' | 'role' | 'teamIds' | 'identities' | 'disabled'>>;

/**
 * PATCH /api/manage/agents/{id} with only what changed -> 200 the account; 409 `last_admin` (demoting or disabling
 * the last admin) or `identity_taken`; 404 an account that is not the business's.
 */
export function updateAccount(id: string, changes: AccountChanges, signal?: AbortSignal): Promise<Account> {
  return apiJson<Account>(`/api/manage/agents/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: JSON.stringify(changes),
    signal,
  });
}

export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: AccountChanges }) => updateAccount(id, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manageKey }),
  });
}
