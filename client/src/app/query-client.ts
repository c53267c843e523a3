import { QueryClient } from '@tanstack/react-query';
import { ApiError, UnauthorizedError } from '../lib/api-client';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // 4xx answers (401 above all) will not change on a retry.
        retry: (failures, error) =>
          !(error instanceof UnauthorizedError) && !(error instanceof ApiError && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
