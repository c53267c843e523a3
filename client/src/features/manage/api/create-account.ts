import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import type { Role } from '../../../lib/roles';
import { manageKey, type Account } from './types';

export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  teamIds: string[];
  identities: string[];
  /** At least 10 characters. */
  password: string;
}

/** POST /api/manage/agents -> 201 the account; 409 `email_taken` or `identity_taken`; 400 with `errors`. */
export function createAccount(input: NewAccount, signal?: AbortSignal): Promise<Account> {
  return apiJson<Account>('/api/manage/agents', { method: 'POST', body: JSON.stringify(input), signal });
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewAccount) => createAccount(input),
    // Teams list their members: both lists change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manageKey }),
  });
}
