import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type CallAttribution } from './types';

/** PUT /api/manage/calls/{callSid}/agents `{ agentIds }` (admin, audited) -> 200 the call's agents and teams. */
export function setCallAgents(callSid: string, agentIds: string[], signal?: AbortSignal): Promise<CallAttribution> {
  return apiJson<CallAttribution>(`/api/manage/calls/${encodeURIComponent(callSid)}/agents`, {
    method: 'PUT',
    body: JSON.stringify({ agentIds }),
    signal,
  });
}

export function useSetCallAgents(callSid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentIds: string[]) => setCallAgents(callSid, agentIds),
    // A new audit entry.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...manageKey, 'audit'] }),
  });
}
