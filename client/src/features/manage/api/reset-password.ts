import { useMutation } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';

/** PUT /api/manage/agents/{id}/password `{ password }` -> 204; ends that account's sessions. */
export function resetPassword(id: string, password: string, signal?: AbortSignal): Promise<void> {
  return apiJson<void>(`/api/manage/agents/${encodeURIComponent(id)}/password`, {
    method: 'PUT',
    body: JSON.stringify({ password }),
    signal,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) => resetPassword(id, password),
  });
}
