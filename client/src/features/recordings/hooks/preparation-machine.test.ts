import { describe, expect, it } from 'vitest';
import {
  INITIAL_STATE,
  PREPARATION_LIMIT_MS,
  decide,
  transition,
  type PreparationState,
} from './preparation-machine';

describe('transition', () => {
  const preparing: PreparationState = {
    status: 'preparing',
    startedAt: 0,
    now: 0,
    bytesDownloaded: null,
    totalBytes: null,
  };

  it('keeps the start time across repeated 202s', () => {
    const next = transition(preparing, { type: 'accepted', startedAt: 999, now: 4000 });
    expect(next).toMatchObject({ status: 'preparing', startedAt: 0, now: 4000 });
  });

  it('ignores progress once ready, and events after a final state', () => {
    const ready = transition(INITIAL_STATE, { type: 'ready', src: '/x' });
    expect(transition(ready, { type: 'progress', bytesDownloaded: 1, totalBytes: 2 })).toBe(ready);
    const missing = transition(INITIAL_STATE, { type: 'missing' });
    expect(transition(missing, { type: 'ready', src: '/x' })).toBe(missing);
    expect(transition(missing, { type: 'accepted', startedAt: 0, now: 0 })).toBe(missing);
  });
});

describe('decide', () => {
  const context = { src: '/api/recordings/file/CA1', startedAt: 0, networkFailures: 0 };
  const answer = (status: number, retryAfter: string | null = null, waitApplied = false) =>
    ({ kind: 'answer', status, retryAfter, waitApplied }) as const;

  it.each([
    [200, { type: 'ready', src: '/api/recordings/file/CA1' }],
    [404, { type: 'missing' }],
    [502, { type: 'failed', kind: 'download' }],
    [500, { type: 'failed', kind: 'server' }],
    [409, { type: 'failed', kind: 'server' }],
  ])('a %i ends the run with %j', (status, event) => {
    const decision = decide(answer(status), context, 1000);
    expect(decision.event).toEqual(event);
    expect(decision.next).toEqual({ action: 'stop' });
  });

  it('a 202 the server answered at once is checked again after Retry-After, held, with progress', () => {
    const decision = decide(answer(202, '3'), context, 1000);
    expect(decision.event).toEqual({ type: 'accepted', startedAt: 0, now: 1000 });
    expect(decision.next).toEqual({ action: 'check', afterMs: 3000, preferWait: true, readProgress: true });
  });

  it('a 202 after a held check is checked again at once: the hold paced it', () => {
    const decision = decide(answer(202, '2', true), context, 1000);
    expect(decision.next).toEqual({ action: 'check', afterMs: 0, preferWait: true, readProgress: true });
  });

  it('gives up when the next check would come after 3 minutes of preparing', () => {
    expect(decide(answer(202, '2'), context, PREPARATION_LIMIT_MS - 2000).event.type).toBe('accepted');
    expect(decide(answer(202, '2'), context, PREPARATION_LIMIT_MS - 1999).event).toEqual({ type: 'gaveUp' });
  });

  it('retries network errors after 1, 2 and 4 seconds, then reports', () => {
    let ctx = { ...context };
    const delays: number[] = [];
    for (;;) {
      const decision = decide({ kind: 'networkError' }, ctx, 0);
      if (decision.next.action === 'stop') {
        expect(decision.event).toEqual({ type: 'networkError' });
        break;
      }
      delays.push(decision.next.afterMs);
      expect(decision.next.preferWait).toBe(false);
      ctx = { ...ctx, networkFailures: decision.networkFailures };
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it('an answer resets the network failures, and a 401 stops the run', () => {
    expect(decide(answer(202), { ...context, networkFailures: 2 }, 0).networkFailures).toBe(0);
    expect(decide({ kind: 'unauthorized' }, context, 0)).toMatchObject({
      event: { type: 'unauthorized' },
      next: { action: 'stop' },
    });
  });
});
