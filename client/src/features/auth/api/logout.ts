import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, discardBody } from '../../../lib/api-client';

/**
 * POST /api/auth/logout: 204 whether or not there was a session; 200 with `providerLogoutUrl` when the session was
 * started by single sign-on and the provider ends its own session too (RP-initiated logout). Answers that URL, if any.
 */
export async function logout(signal?: AbortSignal): Promise<string | null> {
  const response = await apiFetch('/api/auth/logout', { method: 'POST', signal, allowUnauthorized: true });
  if (response.status === 200) {
    const body = (await response.json()) as { providerLogoutUrl?: string };
    return body.providerLogoutUrl ?? null;
  }
  await discardBody(response);
  return null;
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => logout(), onSuccess: () => queryClient.clear() });
}
