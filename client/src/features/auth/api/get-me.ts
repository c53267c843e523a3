import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch, ApiError, discardBody } from '../../../lib/api-client';
import { meQueryKey, type Agent } from './types';

/** GET /api/auth/me: the signed-in agent, or null without a session (401 is an answer here, not an error). */
export async function getMe(signal?: AbortSignal): Promise<Agent | null> {
  const response = await apiFetch('/api/auth/me', { signal, allowUnauthorized: true });
  if (response.status === 401 || !response.ok) {
    // The body (a problem document) is not needed: read nothing, but let the request finish.
    await discardBody(response);
    if (response.status === 401) return null;
    throw new ApiError(response.status, null);
  }
  return (await response.json()) as Agent;
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: meQueryKey, queryFn: ({ signal }) => getMe(signal), staleTime: 5 * 60_000 });

export function useMe() {
  return useQuery(meQueryOptions());
}
