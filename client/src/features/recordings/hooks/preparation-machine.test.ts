import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, parseRetryAfter, transition, type PreparationState } from './preparation-machine';

describe('parseRetryAfter', () => {
  it.each([
    [null, 2],
    ['', 2],
    ['soon', 2],
    ['-5', 2],
    ['1.5', 2],
    ['0', 1],
    ['1', 1],
    ['7', 7],
    [' 4 ', 4],
    ['30', 30],
    ['120', 30],
    ['99999999999999999999', 30],
  ])('%j -> %i seconds', (header, seconds) => {
    expect(parseRetryAfter(header)).toBe(seconds);
  });

  it('reads an HTTP-date relative to now, clamped', () => {
    const now = Date.parse('2026-11-24T15:00:00Z');
    expect(parseRetryAfter('Tue, 24 Nov 2026 15:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Tue, 24 Nov 2026 14:00:00 GMT', now)).toBe(1);
    expect(parseRetryAfter('Tue, 24 Nov 2026 16:00:00 GMT', now)).toBe(30);
  });
});

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
