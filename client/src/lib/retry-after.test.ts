import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  it.each([
    ['1', 1],
    ['2', 2],
    ['7', 7],
    [' 4 ', 4],
    ['30', 30],
  ])('reads delay-seconds %j as %i', (header, seconds) => {
    expect(parseRetryAfter(header)).toBe(seconds);
  });

  it.each([
    ['0', 1],
    ['120', 30],
    ['99999999999999999999', 30],
  ])('bounds %j to %i (never a tight loop, never parked for long)', (header, seconds) => {
    expect(parseRetryAfter(header)).toBe(seconds);
  });

  it.each([null, undefined, '', '   ', 'soon', '-5', '1.5', '2s', '0x10', 'Tue, 31 Foo 2026 15:00:05 GMT'])(
    'falls back to the default for %j',
    (header) => {
      expect(parseRetryAfter(header)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    },
  );

  it('reads an HTTP-date against now, in whole seconds, bounded', () => {
    const now = Date.parse('2026-11-24T15:00:00Z');
    expect(parseRetryAfter('Tue, 24 Nov 2026 15:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Tue, 24 Nov 2026 15:00:04 GMT', now + 500)).toBe(4);
    expect(parseRetryAfter('Tuesday, 24-Nov-26 15:00:03 GMT', now)).toBe(3);
    expect(parseRetryAfter('Tue, 24 Nov 2026 14:00:00 GMT', now)).toBe(1);
    expect(parseRetryAfter('Tue, 24 Nov 2026 16:00:00 GMT', now)).toBe(30);
  });

  it('does not take a date without GMT (asctime, or a local time) as one', () => {
    const now = Date.parse('2026-11-24T15:00:00Z');
    expect(parseRetryAfter('Tue Nov 24 15:00:05 2026', now)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('2026-11-24T15:00:05Z', now)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
  });
});
