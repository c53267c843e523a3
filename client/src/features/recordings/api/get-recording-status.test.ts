import { describe, expect, it } from 'vitest';
import { keepProgressTime, nextStatusRead, PREPARATION_LIMIT_MS, type StatusReading } from './get-recording-status';
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
  progressedAt: 0,
});

describe('nextStatusRead', () => {
  it('asks again at once after a read the server held for Retry-After or longer', () => {
    expect(nextStatusRead(reading('downloading', true, 5000), 5000)).toBe(1);
    expect(nextStatusRead(reading('queued', true, 2000), 2000)).toBe(1);
  });

  it('waits out the rest of Retry-After after a hold cut short, and all of it when the server did not hold', () => {
    expect(nextStatusRead(reading('downloading', true, 500, 3), 500)).toBe(2500);
    expect(nextStatusRead(reading('downloading', false, 4000, 3), 4000)).toBe(3000);
  });

  it.each(['ready', 'failed', 'missing', 'expired', 'remote'] as const)('asks nothing more once %s', (state) => {
    expect(nextStatusRead(reading(state, true, 5000), 5000)).toBeNull();
  });

  it('stops when the next read would come more than the preparation limit after the last progress', () => {
    expect(nextStatusRead(reading('downloading', false, 10), PREPARATION_LIMIT_MS - 2000)).toBe(2000);
    expect(nextStatusRead(reading('downloading', false, 10), PREPARATION_LIMIT_MS - 1999)).toBeNull();
  });

  it('counts the limit from the last progress, not from the first read', () => {
    const quiet = { ...reading('downloading', false, 10), progressedAt: 60_000 };
    expect(nextStatusRead(quiet, 60_000 + PREPARATION_LIMIT_MS - 2000)).toBe(2000);
    expect(nextStatusRead(quiet, 60_000 + PREPARATION_LIMIT_MS - 1999)).toBeNull();
  });
});

describe('keepProgressTime', () => {
  const at = (status: Partial<RecordingStatus>, progressedAt: number): StatusReading => ({
    status: { state: 'downloading', bytesDownloaded: 10, transcript: { state: 'none' }, ...status } as RecordingStatus,
    retryAfterSeconds: 2,
    held: true,
    tookMs: 5000,
    progressedAt,
  });

  it('keeps the time of the last progress while a reading shows none', () => {
    expect(keepProgressTime(at({}, 1000), at({}, 6000)).progressedAt).toBe(1000);
  });

  it.each([
    ['the state', { state: 'queued' }],
    ['the bytes downloaded', { bytesDownloaded: 11 }],
    ["the transcript's state", { transcript: { state: 'running' } }],
    ["the redaction's state", { redaction: { state: 'done', items: 0, original: null } }],
  ] as const)('takes the new reading time when %s changed', (_, change) => {
    expect(keepProgressTime(at({}, 1000), at(change as Partial<RecordingStatus>, 6000)).progressedAt).toBe(6000);
  });

  it('takes the first reading as it is', () => {
    expect(keepProgressTime(undefined, at({}, 6000)).progressedAt).toBe(6000);
  });
});
