import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { manageKey, type Settings, type SettingsChanges } from './types';

const settingsKey = [...manageKey, 'settings'] as const;

/** GET /api/manage/settings (admin): who agents see, what is redacted, and the business's own numbers. */
export function getSettings(signal?: AbortSignal): Promise<Settings> {
  return apiJson<Settings>('/api/manage/settings', { signal });
}

/** PUT /api/manage/settings `{ agentsSee, redaction? }` -> 200 the settings (as GET); 400 with `errors`. */
export function putSettings(changes: SettingsChanges, signal?: AbortSignal): Promise<Settings> {
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
    mutationFn: (changes: SettingsChanges) => putSettings(changes),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}
