import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, apiJson, setUnauthorizedHandler, UnauthorizedError } from './api-client';
import { getMe } from '../features/auth/api/get-me';

/** A response whose body records whether it was cancelled (released without being read). */
function trackedResponse(status: number, body: string, contentType = 'application/problem+json') {
  const tracker = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(body));
    },
    cancel() {
      tracker.cancelled = true;
    },
  });
  const response = new Response(stream, { status, headers: { 'Content-Type': contentType } });
  return { response, tracker };
}

afterEach(() => vi.unstubAllGlobals());

describe('every answer is read or released', () => {
  it('releases the body of a 401 before signalling the lost session', async () => {
    const { response, tracker } = trackedResponse(401, '{"code":"unauthenticated"}');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(response));

    await expect(apiFetch('/api/calls')).rejects.toBeInstanceOf(UnauthorizedError);

    expect(tracker.cancelled).toBe(true);
  });

  it('releases the body of /api/auth/me answering 401 (no session is an answer, not a pending request)', async () => {
    const { response, tracker } = trackedResponse(401, '{"code":"unauthenticated"}');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(response));

    await expect(getMe()).resolves.toBeNull();

    expect(tracker.cancelled).toBe(true);
  });

  it('does not wait for a cancel that never settles: the lost session is still signalled', async () => {
    const tracker = { cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      cancel() {
        tracker.cancelled = true;
        return new Promise<void>(() => undefined);
      },
    });
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(stream, { status: 401 })));
    const onUnauthorized = vi.fn();
    const unregister = setUnauthorizedHandler(onUnauthorized);
    try {
      await expect(apiFetch('/api/calls')).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      unregister();
    }

    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(tracker.cancelled).toBe(true);
  });

  it('releases an error body that is not a problem document', async () => {
    const { response, tracker } = trackedResponse(502, '<html>bad gateway</html>', 'text/html');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(response));

    const error = await apiJson('/api/calls').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect(tracker.cancelled).toBe(true);
  });
});
