import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type AgentsSee, type Settings } from './types';

const settingsKey = [...manageKey, 'settings'] as const;

/** GET /api/manage/settings (admin): who agents see, and the business's own numbers. */
export function getSettings(signal?: AbortSignal): Promise<Settings> {
  return apiJson<Settings>('/api/manage/settings', { signal });
}

/** PUT /api/manage/settings `{ agentsSee }` -> 200 the settings (as GET). */
export function putSettings(changes: { agentsSee: AgentsSee }, signal?: AbortSignal): Promise<Settings> {
  return apiJson<Settings>('/api/manage/settings', { method: 'PUT', body: JSON.stringify(changes), signal });
}

export const settingsQueryOptions = () =>
  queryOptions({ queryKey: settingsKey, queryFn: ({ signal }) => getSettings(signal) });

export function useSettings({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...settingsQueryOptions(), enabled });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: { agentsSee: AgentsSee }) => putSettings(changes),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}
