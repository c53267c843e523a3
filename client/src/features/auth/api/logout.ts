import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, discardBody } from '../../../lib/api-client';

/** POST /api/auth/logout: 204 whether or not there was a session. */
export async function logout(signal?: AbortSignal): Promise<void> {
  await discardBody(await apiFetch('/api/auth/logout', { method: 'POST', signal, allowUnauthorized: true }));
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => logout(), onSuccess: () => queryClient.clear() });
}
