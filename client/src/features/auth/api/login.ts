import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../../lib/api-client';
import { meQueryKey, type Agent } from './types';

export interface LoginInput {
  email: string;
  password: string;
}

/** POST /api/auth/login: sets the session cookie. A wrong email or password is ApiError 401 invalid_credentials. */
export function login(input: LoginInput, signal?: AbortSignal): Promise<Agent> {
  return apiJson<Agent>('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify(input),
    signal,
    allowUnauthorized: true,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: (agent) => queryClient.setQueryData(meQueryKey, agent),
  });
}
