import { describe, expect, it } from 'vitest';
import { ApiError, UnauthorizedError } from '../../../lib/api-client';
import { PREPARATION_LIMIT_MS, type StatusReading } from '../api/get-recording-status';
import type { PrepareAnswer } from '../api/prepare-recording';
import type { RecordingStatus } from '../api/types';
import { preparationState, type PreparationInputs } from './preparation-state';

const status = (state: RecordingStatus['state'], extra: Partial<RecordingStatus> = {}): RecordingStatus => ({
  callSid: 'CA1',
  state,
  retryAfterSeconds: state === 'queued' || state === 'downloading' ? 2 : null,
  bytesDownloaded: null,
  totalBytes: null,
  durationSeconds: 41,
  error: null,
  transcript: { state: 'none' },
  summary: { state: 'none' },
  ...extra,
});
const reading = (body: RecordingStatus, held = true): StatusReading => ({
  status: body,
  retryAfterSeconds: 2,
  held,
  tookMs: held ? 5000 : 10,
  progressedAt: 0,
});
const accepted: PrepareAnswer = { kind: 'accepted', location: '/api/recordings/CA1', status: status('queued') };

const idle = { status: 'idle', failureCount: 0 } as const;
const base: PreparationInputs = {
  knownReadyFailed: false,
  run: null,
  prepare: idle,
  follow: { ...idle, dataUpdatedAt: 0 },
  reason: idle,
};
const running = (input: Partial<PreparationInputs>): PreparationInputs => ({
  ...base,
  run: { startedAt: 0 },
  ...input,
});
const prepared = (data: PrepareAnswer) => ({ status: 'success', data, failureCount: 0 }) as const;
const prepareFailed = (error: unknown) => ({ status: 'error', error, failureCount: 0 }) as const;
const followed = (data: StatusReading, at = 1000) =>
  ({ status: 'success', data, failureCount: 0, dataUpdatedAt: at }) as const;

describe('preparationState before any run: what the page knows, no request', () => {
  it.each([
    [{ state: 'ready' }, { status: 'ready' }],
    [{ state: 'missing' }, { status: 'missing' }],
    [{ state: 'expired' }, { status: 'expired' }],
    [
      { state: 'failed', error: 'Twilio answered 503' },
      { status: 'failed', kind: 'download', detail: 'Twilio answered 503' },
    ],
    [{ state: 'failed' }, { status: 'failed', kind: 'download' }],
    [{ state: 'remote' }, { status: 'idle' }],
    [{ state: 'queued' }, { status: 'idle' }],
    [{ state: 'downloading' }, { status: 'idle' }],
    [undefined, { status: 'idle' }],
  ])('%j -> %j', (known, state) => {
    expect(preparationState({ ...base, known })).toEqual(state);
  });

  it('a ready recording the audio element could not load waits for Play like any other', () => {
    expect(preparationState({ ...base, known: { state: 'ready' }, knownReadyFailed: true })).toEqual({
      status: 'idle',
    });
  });
});

describe('preparationState while prepare is asked', () => {
  it('checks, and says which network retry it is on', () => {
    expect(preparationState(running({ prepare: { status: 'pending', failureCount: 0 } }))).toEqual({
      status: 'checking',
    });
    expect(preparationState(running({ prepare: { status: 'pending', failureCount: 2 } }))).toEqual({
      status: 'retrying',
      attempt: 2,
      maxAttempts: 3,
    });
  });

  it.each([
    [new ApiError(404, null), { status: 'missing' }],
    [new ApiError(410, null), { status: 'expired' }],
    [new ApiError(502, null), { status: 'failed', kind: 'download' }],
    [new ApiError(500, null), { status: 'failed', kind: 'server' }],
    [new ApiError(409, null), { status: 'failed', kind: 'server' }],
    [new UnauthorizedError(), { status: 'unauthorized' }],
    [new TypeError('Failed to fetch'), { status: 'networkError' }],
    [new SyntaxError('not JSON'), { status: 'failed', kind: 'server' }],
  ])('an answer that ends it, %s -> %j', (error, state) => {
    expect(preparationState(running({ prepare: prepareFailed(error) }))).toEqual(state);
  });

  it('a 502 shows the reason the one status read found', () => {
    const reason = {
      status: 'success',
      data: reading(status('failed', { error: 'Twilio answered 503' })),
      failureCount: 0,
    } as const;
    expect(preparationState(running({ prepare: prepareFailed(new ApiError(502, null)), reason }))).toEqual({
      status: 'failed',
      kind: 'download',
      detail: 'Twilio answered 503',
    });
  });

  it('a 200 is ready', () => {
    expect(preparationState(running({ prepare: prepared({ kind: 'ready', status: status('ready') }) }))).toEqual({
      status: 'ready',
    });
  });
});

describe('preparationState while the status is followed', () => {
  const following = (follow: PreparationInputs['follow']) => running({ prepare: prepared(accepted), follow });

  it('prepares, with what prepare said until the first held read answers', () => {
    expect(preparationState(following({ status: 'pending', failureCount: 0, dataUpdatedAt: 0 }))).toEqual({
      status: 'preparing',
      bytesDownloaded: null,
      totalBytes: null,
    });
  });

  it('shows the progress of the last read', () => {
    const body = status('downloading', { bytesDownloaded: 12000, totalBytes: 48000 });
    expect(preparationState(following(followed(reading(body))))).toEqual({
      status: 'preparing',
      bytesDownloaded: 12000,
      totalBytes: 48000,
    });
  });

  it.each([
    [status('ready'), { status: 'ready' }],
    [
      status('failed', { error: 'Twilio has no such recording (404)' }),
      { status: 'failed', kind: 'download', detail: 'Twilio has no such recording (404)' },
    ],
    [status('failed'), { status: 'failed', kind: 'download' }],
    [status('missing'), { status: 'missing' }],
    [status('expired'), { status: 'expired' }],
    [status('remote'), { status: 'failed', kind: 'server' }],
  ])('a read of %j -> %j', (body, state) => {
    expect(preparationState(following(followed(reading(body))))).toEqual(state);
  });

  it.each([
    [new ApiError(404, null), { status: 'missing' }],
    [new ApiError(500, null), { status: 'failed', kind: 'server' }],
    [new UnauthorizedError(), { status: 'unauthorized' }],
    [new TypeError('Failed to fetch'), { status: 'networkError' }],
  ])('a read that ends it, %s -> %j', (error, state) => {
    expect(preparationState(following({ status: 'error', error, failureCount: 4, dataUpdatedAt: 0 }))).toEqual(state);
  });

  it('says which network retry a read is on', () => {
    const data = reading(status('downloading'));
    expect(preparationState(following({ ...followed(data), failureCount: 1 }))).toEqual({
      status: 'retrying',
      attempt: 1,
      maxAttempts: 3,
    });
  });

  it('gives up when the next read would come after the preparation limit without progress', () => {
    const unheld = reading(status('downloading'), false);
    expect(preparationState(following(followed(unheld, PREPARATION_LIMIT_MS - 2000))).status).toBe('preparing');
    expect(preparationState(following(followed(unheld, PREPARATION_LIMIT_MS - 1999)))).toEqual({ status: 'gaveUp' });
  });

  it('gives up on a redaction that stopped moving as such: the server is still at it', () => {
    const stalled = reading(
      status('downloading', { redaction: { state: 'pending', items: 0, original: null } }),
      false,
    );
    expect(preparationState(following(followed(stalled, PREPARATION_LIMIT_MS - 1999)))).toEqual({
      status: 'gaveUp',
      redacting: true,
    });
  });

  describe('redaction', () => {
    const redacting = status('downloading', { redaction: { state: 'pending', items: 0, original: null } });
    const redacted = status('ready', { redaction: { state: 'done', items: 2, original: 'deleted' } });

    it('does not call ready a recording the page says is still being redacted: Play prepares it', () => {
      expect(preparationState({ ...base, known: { state: 'ready', redacting: true } })).toEqual({ status: 'idle' });
      expect(preparationState({ ...base, known: { state: 'ready', redacting: false } })).toEqual({ status: 'ready' });
    });

    it('is preparing, redacting, while a status read says the redaction is pending; ready once it is done', () => {
      const answer: PrepareAnswer = { kind: 'accepted', location: '/api/recordings/CA1', status: redacting };
      const redactingState = { status: 'preparing', bytesDownloaded: null, totalBytes: null, redacting: true };
      expect(preparationState(running({ prepare: { status: 'success', data: answer, failureCount: 0 } }))).toEqual(
        redactingState,
      );
      const follow = (body: RecordingStatus) => ({
        status: 'success' as const,
        data: reading(body, false),
        failureCount: 0,
        dataUpdatedAt: 1000,
      });
      const prepare = { status: 'success' as const, data: answer, failureCount: 0 };
      expect(preparationState(running({ prepare, follow: follow(redacting) }))).toEqual(redactingState);
      expect(preparationState(running({ prepare, follow: follow(redacted) }))).toEqual({ status: 'ready' });
    });
  });
});
