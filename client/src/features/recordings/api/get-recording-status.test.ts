import { describe, expect, it } from 'vitest';
import { nextStatusRead, PREPARATION_LIMIT_MS, type StatusReading } from './get-recording-status';
import type { RecordingStatus } from './types';

const body = (state: RecordingStatus['state']) => ({ state }) as RecordingStatus;
const reading = (
  state: RecordingStatus['state'],
  held: boolean,
  tookMs: number,
  retryAfterSeconds = 2,
): StatusReading => ({
  status: body(state),
  retryAfterSeconds,
  held,
  tookMs,
});

describe('nextStatusRead', () => {
  it('asks again at once after a read the server held for Retry-After or longer', () => {
    expect(nextStatusRead(reading('downloading', true, 5000), 5000, 0)).toBe(1);
    expect(nextStatusRead(reading('queued', true, 2000), 2000, 0)).toBe(1);
  });

  it('waits out the rest of Retry-After after a hold cut short, and all of it when the server did not hold', () => {
    expect(nextStatusRead(reading('downloading', true, 500, 3), 500, 0)).toBe(2500);
    expect(nextStatusRead(reading('downloading', false, 4000, 3), 4000, 0)).toBe(3000);
  });

  it.each(['ready', 'failed', 'missing', 'expired', 'remote'] as const)('asks nothing more once %s', (state) => {
    expect(nextStatusRead(reading(state, true, 5000), 5000, 0)).toBeNull();
  });

  it('stops when the next read would come after the preparation limit', () => {
    expect(nextStatusRead(reading('downloading', false, 10), PREPARATION_LIMIT_MS - 2000, 0)).toBe(2000);
    expect(nextStatusRead(reading('downloading', false, 10), PREPARATION_LIMIT_MS - 1999, 0)).toBeNull();
  });
});
