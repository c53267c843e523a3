/**
 * A request that never reached the server (no network, a dropped connection) is tried again a bounded number of times,
 * then reported; an answer, any answer, is never retried this way. For TanStack Query's `retry` and `retryDelay`.
 */
import { isAbortError } from './api-client';

/** Waits before each new try after a network failure: three more tries, then the failure is shown. */
export const NETWORK_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

/** fetch() rejects with a TypeError when the request could not be sent or its answer not received. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && !isAbortError(error);
}

/** `retry` for a query or mutation: network failures only, at most {@link NETWORK_RETRY_DELAYS_MS}.length times. */
export function retryNetworkFailure(failureCount: number, error: unknown): boolean {
  return isNetworkFailure(error) && failureCount < NETWORK_RETRY_DELAYS_MS.length;
}

/** `retryDelay`: 1 s, 2 s, then 4 s. */
export function networkRetryDelay(failureCount: number): number {
  return NETWORK_RETRY_DELAYS_MS[Math.min(failureCount, NETWORK_RETRY_DELAYS_MS.length - 1)];
}
