import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render as renderPlain, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../../i18n';
import { setUnauthorizedHandler } from '../../../lib/api-client';
import { server } from '../../../testing/server';
import { MAX_PEAK_ATTEMPTS } from '../api/get-recording-peaks';
import { AudioPlayer } from './AudioPlayer';

/** The player asks for its waveform through react-query, as in the app. */
function render(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return renderPlain(ui, {
    wrapper: ({ children }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>,
  });
}

const CALL_SID = 'CA468f52a83b55757dadaec03159ded599';
const FILE_URL = `/api/recordings/file/${CALL_SID}`;
const STATUS_URL = `/api/recordings/${CALL_SID}`;
const PREPARE_URL = `/api/recordings/${CALL_SID}/prepare`;
const PEAKS_URL = `/api/recordings/${CALL_SID}/peaks`;

type Answer = () => Response | Promise<Response>;

const statusBody = {
  callSid: CALL_SID,
  recordingSid: null,
  state: 'downloading',
  retryAfterSeconds: 2,
  bytesDownloaded: 12000,
  totalBytes: 48000,
  durationSeconds: 41,
  error: null,
  transcript: { state: 'none' },
  summary: { state: 'none' },
  atTwilio: true,
  expiredAt: null,
};
const queued = { ...statusBody, state: 'queued', bytesDownloaded: null, totalBytes: null };
const readyStatus = { ...statusBody, state: 'ready', retryAfterSeconds: null, bytesDownloaded: 48000 };

/** Prepare's 202: the status body, Retry-After and where to follow it (Location). */
const accepted =
  (location: string = STATUS_URL, body: object = queued): Answer =>
  () =>
    HttpResponse.json(body, { status: 202, headers: { 'Retry-After': '2', Location: location } });
const prepared: Answer = () => HttpResponse.json(readyStatus);
const problem =
  (status: number, code: string, detail?: string): Answer =>
  () =>
    HttpResponse.json(
      { status, code, title: 'problem', ...(detail ? { detail } : {}) },
      { status, headers: { 'Content-Type': 'application/problem+json' } },
    );
const networkError: Answer = () => HttpResponse.error();

/**
 * A status answer. `heldMs`: the server held the request that long (Preference-Applied: wait=5), as it does while the
 * recording is queued or downloading; without it the server answered at once, with `retryAfter` as its Retry-After.
 */
const status =
  (body: object, { heldMs, retryAfter = '2' }: { heldMs?: number; retryAfter?: string | null } = {}): Answer =>
  async () => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (retryAfter !== null) headers['Retry-After'] = retryAfter;
    if (heldMs !== undefined) {
      headers['Preference-Applied'] = 'wait=5';
      await delay(heldMs);
    }
    return HttpResponse.json(body, { headers });
  };

interface Seen {
  method: string;
  url: string;
  prefer: string | null;
}

/**
 * Answers prepare and the status (any URL under /api/recordings/{callSid}) in order, the last answer repeating, and
 * keeps every request: how many of each, where they went, and what they preferred.
 */
function mockRecordingApi({
  prepares = [accepted()],
  statuses = [status(readyStatus, { heldMs: 0 })],
}: { prepares?: Answer[]; statuses?: Answer[] } = {}) {
  const count = { prepare: 0, status: 0 };
  const seen: Seen[] = [];
  const keep = (request: Request) =>
    seen.push({
      method: request.method,
      url: new URL(request.url).pathname + new URL(request.url).search,
      prefer: request.headers.get('Prefer'),
    });
  server.use(
    http.post(PREPARE_URL, ({ request }) => {
      keep(request);
      return prepares[Math.min(count.prepare++, prepares.length - 1)]();
    }),
    http.get(STATUS_URL, ({ request }) => {
      keep(request);
      return statuses[Math.min(count.status++, statuses.length - 1)]();
    }),
  );
  return { count, seen };
}

// No waveform unless a test gives one: the plain seek bar.
beforeEach(() => server.use(http.get('/api/recordings/:callSid/peaks', () => problem(404, 'recording_not_found')())));

/** Lets pending fetches and promise chains finish without moving the fake clock. */
async function settle() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
  }
}

/** Moves the fake clock by ms, then lets whatever that started finish. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
  await settle();
}

const audio = () => document.querySelector('audio') as HTMLAudioElement;
const playButton = () => screen.getByRole('button', { name: 'Play' });
const tryAgain = () => screen.getByRole('button', { name: 'Try again' });
const remote = { state: 'remote' } as const;

function useFakeClock() {
  vi.useFakeTimers({
    shouldAdvanceTime: false,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
}

describe('AudioPlayer preparation', () => {
  beforeEach(useFakeClock);
  afterEach(() => vi.mocked(HTMLMediaElement.prototype.play).mockClear());

  it('asks nothing before Play; Play sends one prepare, follows Location with held reads, then plays', async () => {
    const location = `${STATUS_URL}?recordingSid=RE${'a'.repeat(32)}`;
    const { count, seen } = mockRecordingApi({
      prepares: [accepted(location)],
      statuses: [status(statusBody, { heldMs: 5000 }), status(readyStatus, { heldMs: 1200 })],
    });
    render(<AudioPlayer callSid={CALL_SID} known={remote} />);
    await advance(60_000);
    expect(count).toEqual({ prepare: 0, status: 0 });
    expect(playButton()).toBeEnabled();
    expect(audio()).not.toHaveAttribute('src');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();

    fireEvent.click(playButton());
    expect(screen.getByText('Checking the recording…')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();
    await settle();
    // One prepare, and at once the first read of the status it named, held by the server.
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(screen.getByText('Preparing recording…')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();

    await advance(4999);
    expect(count.status).toBe(1);
    await advance(1);
    // The held read came back with the progress; the hold paced it, so the next one goes at once (1 ms later).
    expect(screen.getByText('Downloaded 25%')).toBeInTheDocument();
    await advance(1);
    expect(count.status).toBe(2);
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();

    await advance(1200);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(screen.queryByText('Preparing recording…')).not.toBeInTheDocument();
    // Play was pressed: it plays once ready, without a second press.
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('link', { name: 'Download recording' })).toHaveAttribute('href', `${FILE_URL}?download=1`);

    await advance(10 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 2 });
    expect(seen).toEqual([
      { method: 'POST', url: PREPARE_URL, prefer: null },
      { method: 'GET', url: location, prefer: 'wait=5' },
      { method: 'GET', url: location, prefer: 'wait=5' },
    ]);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
  });

  it('plays at once when prepare finds the recording ready (200), with no status read', async () => {
    const { count } = mockRecordingApi({ prepares: [prepared] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
    await advance(60_000);
    expect(count).toEqual({ prepare: 1, status: 0 });
  });

  it('sends one prepare however often Play is pressed while it prepares', async () => {
    const { count } = mockRecordingApi({ statuses: [status(statusBody, { heldMs: 5000 })] });
    render(<AudioPlayer callSid={CALL_SID} known={remote} />);
    const group = screen.getByRole('group', { name: 'Recording player' });
    fireEvent.click(playButton());
    fireEvent.click(playButton());
    fireEvent.keyDown(group, { key: 'k' });
    await settle();
    fireEvent.click(playButton());
    fireEvent.keyDown(group, { key: ' ' });
    await advance(20_000);
    expect(count.prepare).toBe(1);
  });

  it.each([
    ['delay-seconds', () => '3', 3000],
    ['an HTTP-date', () => new Date(Date.now() + 4000).toUTCString(), 4000],
    ['junk (the default)', () => 'soon', 2000],
  ])(
    'reads Retry-After given as %s once, and waits it out between reads the server did not hold',
    async (_, retryAfter, waitMs) => {
      let reads = 0;
      server.use(
        http.post(PREPARE_URL, () => accepted()()),
        http.get(STATUS_URL, ({ request }) => {
          reads++;
          expect(request.headers.get('Prefer')).toBe('wait=5');
          // A server (or a proxy) that does not hold: no Preference-Applied, an answer at once.
          return HttpResponse.json(reads < 3 ? statusBody : readyStatus, { headers: { 'Retry-After': retryAfter() } });
        }),
      );
      render(<AudioPlayer callSid={CALL_SID} />);
      fireEvent.click(playButton());
      await settle();
      expect(reads).toBe(1);

      await advance(waitMs - 1);
      expect(reads).toBe(1);
      await advance(1);
      expect(reads).toBe(2);
      await advance(waitMs - 1);
      expect(reads).toBe(2);
      await advance(1);
      expect(reads).toBe(3);
      expect(audio().getAttribute('src')).toBe(FILE_URL);
      await advance(60_000);
      expect(reads).toBe(3);
    },
  );

  it('waits out Retry-After after a held read the server cut short', async () => {
    const { count } = mockRecordingApi({ statuses: [status(statusBody, { heldMs: 500, retryAfter: '3' })] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(500);
    expect(count.status).toBe(1);
    // It started 3 s after the first one started, not at once.
    await advance(2499);
    expect(count.status).toBe(1);
    await advance(1);
    expect(count.status).toBe(2);
  });

  it('shows the elapsed time while preparing', async () => {
    mockRecordingApi({ statuses: [status(statusBody, { heldMs: 5000 })] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(12_000);
    expect(screen.getByText('Waiting for 0:12')).toBeInTheDocument();
  });

  it('stops at a 404 from prepare: no recording, and no further request', async () => {
    const { count } = mockRecordingApi({ prepares: [problem(404, 'recording_not_found')] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();

    expect(screen.getByText('This call has no recording.')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();
    await advance(5 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 0 });
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('stops at a 404 while following (the recording went away): no recording, no further request', async () => {
    const { count } = mockRecordingApi({ statuses: [problem(404, 'recording_not_found')] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(screen.getByText('This call has no recording.')).toBeInTheDocument();
    await advance(5 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 1 });
  });

  it('says a 410 recording was deleted under the retention policy, offers nothing to try, and asks nothing more', async () => {
    const { count } = mockRecordingApi({ prepares: [problem(410, 'recording_expired')] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();

    expect(screen.getByText('This recording was deleted under your retention policy.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await advance(10 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 0 });
  });

  it('shows a 502 with its reason from exactly one status read, then Try again prepares once more', async () => {
    const failed = { ...statusBody, state: 'failed', error: 'Twilio answered 503 six times; try again later.' };
    const { count, seen } = mockRecordingApi({
      prepares: [problem(502, 'recording_download_failed'), accepted()],
      statuses: [status(failed, { retryAfter: null }), status(readyStatus, { heldMs: 0 })],
    });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();

    expect(screen.getByText('The recording could not be downloaded.')).toBeInTheDocument();
    expect(screen.getByText('Details: Twilio answered 503 six times; try again later.')).toBeInTheDocument();
    await advance(60_000);
    expect(count, 'one status read for the reason, then nothing').toEqual({ prepare: 1, status: 1 });
    expect(seen[1], 'the reason is read plainly, not held').toEqual({ method: 'GET', url: STATUS_URL, prefer: null });
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();

    fireEvent.click(tryAgain());
    await settle();
    expect(count).toEqual({ prepare: 2, status: 2 });
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    // Try again makes it playable; playing is the agent's choice.
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();
  });

  it('shows a download that failed while it was followed, with the error its status carries', async () => {
    const failed = {
      ...statusBody,
      state: 'failed',
      retryAfterSeconds: null,
      error: 'Twilio has no such recording (404)',
    };
    const { count } = mockRecordingApi({
      statuses: [status(statusBody, { heldMs: 5000 }), status(failed, { heldMs: 300 })],
    });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(5000 + 1 + 300);
    expect(screen.getByText('The recording could not be downloaded.')).toBeInTheDocument();
    expect(screen.getByText('Details: Twilio has no such recording (404)')).toBeInTheDocument();
    expect(tryAgain()).toBeInTheDocument();
    await advance(60_000);
    expect(count).toEqual({ prepare: 1, status: 2 });
  });

  it('shows a server error with "Try again" for a 500', async () => {
    const { count } = mockRecordingApi({ prepares: [problem(500, 'internal_error')] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(screen.getByText('The server could not get the recording ready.')).toBeInTheDocument();
    expect(tryAgain()).toBeInTheDocument();
    await advance(60_000);
    expect(count).toEqual({ prepare: 1, status: 0 });
  });

  it('stops every request and timer when unmounted mid-preparation', async () => {
    const { count } = mockRecordingApi({ statuses: [status(statusBody, { heldMs: 5000 })] });
    const { unmount } = render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(7000);
    expect(count.status).toBe(2);

    unmount();
    await advance(10 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 2 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts over for a new call and forgets the old one', async () => {
    const other = 'CA00000000000000000000000000000001';
    const { count } = mockRecordingApi({ statuses: [status(statusBody, { heldMs: 5000 })] });
    let otherPrepares = 0;
    server.use(
      http.post(`/api/recordings/${other}/prepare`, () => {
        otherPrepares++;
        return prepared();
      }),
    );
    const { rerender } = render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    rerender(<AudioPlayer callSid={other} />);
    await settle();
    expect(screen.queryByText('Preparing recording…')).not.toBeInTheDocument();
    fireEvent.click(playButton());
    await advance(60_000);
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(otherPrepares).toBe(1);
    expect(audio().getAttribute('src')).toBe(`/api/recordings/file/${other}`);
  });

  it('prepares and follows the chosen part of a call (?recordingSid=)', async () => {
    const part = `RE${'b'.repeat(32)}`;
    const { seen } = mockRecordingApi({
      prepares: [accepted(`${STATUS_URL}?recordingSid=${part}`)],
      statuses: [status(readyStatus, { heldMs: 100 })],
    });
    render(<AudioPlayer callSid={CALL_SID} recordingSid={part} partLabel="Part 2 of 2" known={remote} />);
    fireEvent.click(playButton());
    await settle();
    await advance(100);
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      `POST ${PREPARE_URL}?recordingSid=${part}`,
      `GET ${STATUS_URL}?recordingSid=${part}`,
    ]);
    expect(audio().getAttribute('src')).toBe(`${FILE_URL}?recordingSid=${part}`);
  });

  it('gives up after 3 minutes of following without progress, and Try again prepares again', async () => {
    const { count } = mockRecordingApi({ statuses: [status(statusBody)] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(count.status).toBe(1);

    for (let second = 2; second <= 178; second += 2) await advance(2000);
    expect(count.status).toBe(90);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await advance(2000);
    expect(count.status).toBe(91);
    expect(screen.getByText(/taking too long/)).toBeInTheDocument();

    await advance(10 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 91 });

    fireEvent.click(tryAgain());
    await settle();
    expect(count).toEqual({ prepare: 2, status: 92 });
    expect(screen.getByText('Preparing recording…')).toBeInTheDocument();
  });

  it('follows a download that keeps moving past 3 minutes, and gives up 3 minutes after it stops', async () => {
    // 100 reads (one every 2 s) each with more bytes, then the same answer again and again.
    const moving = Array.from({ length: 100 }, (_, read) => status({ ...statusBody, bytesDownloaded: 1000 + read }));
    const { count } = mockRecordingApi({ statuses: moving });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();

    for (let second = 2; second <= 300; second += 2) await advance(2000);
    expect(count.status).toBe(151);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // The last progress was the 100th read, at 198 s: reads go on until 378 s, then the player gives up.
    for (let second = 302; second <= 378; second += 2) await advance(2000);
    expect(count.status).toBe(190);
    expect(screen.getByText(/taking too long/)).toBeInTheDocument();
    await advance(10 * 60_000);
    expect(count.status).toBe(190);
  });

  it('says card numbers are still being removed when a redaction stops moving, not that it takes too long', async () => {
    const redacting = {
      ...statusBody,
      bytesDownloaded: 48000,
      transcript: { state: 'running' },
      redaction: { state: 'pending', items: 0, original: null },
    };
    const transcribed = { ...redacting, transcript: { state: 'done' } };
    // Transcribed after a minute (progress), then nothing more.
    const answers = [...Array.from({ length: 30 }, () => status(redacting)), status(transcribed)];
    const { count } = mockRecordingApi({ statuses: answers });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();

    for (let second = 2; second <= 238; second += 2) await advance(2000);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    for (let second = 240; second <= 240 + 2 * 60; second += 2) await advance(2000);
    expect(screen.getByRole('alert')).toHaveTextContent(/still being removed/);
    expect(screen.queryByText(/taking too long/)).not.toBeInTheDocument();
    const asked = count.status;
    await advance(10 * 60_000);
    expect(count.status).toBe(asked);
    expect(tryAgain()).toBeInTheDocument();
  });

  it('tries a prepare that met a network failure again after 1, 2 and 4 seconds, then says so', async () => {
    const { count } = mockRecordingApi({ prepares: [networkError] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(count.prepare).toBe(1);
    expect(screen.getByText(/trying again \(attempt 1 of 3\)/)).toBeInTheDocument();

    await advance(1000);
    expect(count.prepare).toBe(2);
    await advance(1999);
    expect(count.prepare).toBe(2);
    await advance(1);
    expect(count.prepare).toBe(3);
    await advance(4000);
    expect(count.prepare).toBe(4);
    expect(screen.getByText(/Cannot reach the server/)).toBeInTheDocument();
    expect(tryAgain()).toBeInTheDocument();

    await advance(60_000);
    expect(count).toEqual({ prepare: 4, status: 0 });
  });

  it('tries a status read that met a network failure again a bounded number of times', async () => {
    const { count } = mockRecordingApi({ statuses: [status(statusBody, { heldMs: 5000 }), networkError] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(5000 + 1);
    expect(count.status).toBe(2);
    expect(screen.getByText(/trying again \(attempt 1 of 3\)/)).toBeInTheDocument();
    await advance(1000 + 2000 + 4000);
    expect(count.status).toBe(5);
    expect(screen.getByText(/Cannot reach the server/)).toBeInTheDocument();
    await advance(10 * 60_000);
    expect(count).toEqual({ prepare: 1, status: 5 });
  });

  it('recovers when the network comes back during the retries', async () => {
    const { count } = mockRecordingApi({ prepares: [networkError, prepared] });
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    await advance(1000);
    expect(count.prepare).toBe(2);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
  });

  it('reports a 401 to the unauthorized handler and stops', async () => {
    const onUnauthorized = vi.fn();
    const unregister = setUnauthorizedHandler(onUnauthorized);
    try {
      const { count } = mockRecordingApi({ prepares: [problem(401, 'unauthenticated')] });
      render(<AudioPlayer callSid={CALL_SID} />);
      fireEvent.click(playButton());
      await settle();
      expect(onUnauthorized).toHaveBeenCalledTimes(1);
      expect(screen.getByText(/session has ended/)).toBeInTheDocument();
      await advance(60_000);
      expect(count).toEqual({ prepare: 1, status: 0 });
    } finally {
      unregister();
    }
  });
});

describe('AudioPlayer with what the page knows', () => {
  beforeEach(useFakeClock);
  afterEach(() => vi.mocked(HTMLMediaElement.prototype.play).mockClear());

  it('gives a ready recording its URL at once and asks nothing', async () => {
    const { count } = mockRecordingApi();
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(playButton()).toBeEnabled();
    await advance(60_000);
    expect(count).toEqual({ prepare: 0, status: 0 });
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();
  });

  it('prepares a recording the page called ready when the audio cannot load it, once Play is pressed', async () => {
    const { count } = mockRecordingApi({ prepares: [accepted()], statuses: [status(readyStatus, { heldMs: 800 })] });
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    // The file was not on this node: the element got a 202 and no audio.
    Object.defineProperty(audio(), 'error', { configurable: true, value: { code: 4 } });
    fireEvent.error(audio());
    await settle();
    expect(audio()).not.toHaveAttribute('src');
    expect(count).toEqual({ prepare: 0, status: 0 });

    fireEvent.click(playButton());
    await settle();
    await advance(800);
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
  });

  it('says a call has no recording, and asks nothing', async () => {
    const { count } = mockRecordingApi();
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'missing' }} />);
    expect(screen.getByText('This call has no recording.')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();
    await advance(5 * 60_000);
    expect(count).toEqual({ prepare: 0, status: 0 });
  });

  it('says Twilio reported a recording absent rather than that the call has none', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'missing', absent: true }} />);
    expect(screen.getByText('Twilio reported this recording absent: there is nothing to play.')).toBeInTheDocument();
  });

  it('shows a failed download with the reason the page has, and prepares it once on "Try again"', async () => {
    const { count } = mockRecordingApi({
      statuses: [status(statusBody, { heldMs: 5000 }), status(readyStatus, { heldMs: 10 })],
    });
    render(
      <AudioPlayer
        callSid={CALL_SID}
        known={{ state: 'failed', error: 'Twilio answered 503 six times; try again later.' }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('The recording could not be downloaded.');
    expect(screen.getByText('Details: Twilio answered 503 six times; try again later.')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();
    await advance(60_000);
    expect(count).toEqual({ prepare: 0, status: 0 });

    fireEvent.click(tryAgain());
    await settle();
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(screen.getByText('Preparing recording…')).toBeInTheDocument();
    expect(playButton()).toBeDisabled();
    await advance(5000 + 1 + 10);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(playButton()).toBeEnabled();
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();
    expect(count).toEqual({ prepare: 1, status: 2 });
  });

  it('asks nothing at all for a recording the page knows expired, and says on which day', async () => {
    const { count } = mockRecordingApi();
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'expired', expiredAt: '2026-11-30T10:00:00Z' }} />);
    await settle();

    expect(
      screen.getByText('This recording was deleted under your retention policy on Nov 30, 2026.'),
    ).toBeInTheDocument();
    await advance(60_000);
    expect(count).toEqual({ prepare: 0, status: 0 });
  });
});

describe('AudioPlayer controls', () => {
  afterEach(() => vi.mocked(HTMLMediaElement.prototype.play).mockClear());

  it('plays only when the agent presses play, and K toggles too', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    const play = await screen.findByRole('button', { name: 'Play' });
    await vi.waitFor(() => expect(play).toBeEnabled());
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();

    fireEvent.click(play);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);

    fireEvent.keyDown(screen.getByRole('group', { name: 'Recording player' }), { key: 'k' });
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(2);
  });

  it('labels every control for screen readers', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} durationHint={41} />);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    expect(screen.getByRole('button', { name: 'Back 10 seconds' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Forward 10 seconds' })).toBeEnabled();
    expect(screen.getByRole('slider', { name: 'Seek' })).toHaveAttribute('aria-valuetext', '0:00 of 0:41');
    expect(screen.getByRole('combobox', { name: 'Playback speed' })).toHaveValue('1');
    expect(screen.getAllByRole('option')).toHaveLength(7);
  });

  it('changes the speed on the audio element', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    fireEvent.change(screen.getByRole('combobox', { name: 'Playback speed' }), { target: { value: '1.5' } });
    expect(audio().playbackRate).toBe(1.5);
  });
});

/** jsdom has no media: give the element a duration the way loaded metadata would. */
function setDuration(element: HTMLAudioElement, seconds: number) {
  Object.defineProperty(element, 'duration', { configurable: true, value: seconds });
}

async function renderReady(
  props: { startAt?: number; silences?: { startSeconds: number; endSeconds: number }[] } = {},
) {
  render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} {...props} />);
  await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
  return screen.getByRole('group', { name: 'Recording player' });
}

describe('AudioPlayer startAt', () => {
  it('moves to startAt once the metadata has loaded, and only once', async () => {
    await renderReady({ startAt: 75 });
    const element = audio();
    expect(element.currentTime).toBe(0);

    setDuration(element, 120);
    fireEvent.loadedMetadata(element);
    expect(element.currentTime).toBe(75);
    expect(screen.getByRole('slider', { name: 'Seek' })).toHaveAttribute('aria-valuetext', '1:15 of 2:00');

    // The agent moves on; metadata loading again (e.g. a reload of the source) does not jump back.
    element.currentTime = 5;
    fireEvent.loadedMetadata(element);
    expect(element.currentTime).toBe(5);
  });

  it('starts at 0 without startAt', async () => {
    await renderReady();
    setDuration(audio(), 120);
    fireEvent.loadedMetadata(audio());
    expect(audio().currentTime).toBe(0);
  });
});

describe('AudioPlayer seek keys', () => {
  it('L and ArrowRight go forward 10 s, clamped to the duration', async () => {
    const group = await renderReady();
    const element = audio();
    setDuration(element, 41);
    fireEvent.loadedMetadata(element);
    element.currentTime = 20;

    fireEvent.keyDown(group, { key: 'l' });
    expect(element.currentTime).toBe(30);
    fireEvent.keyDown(group, { key: 'L' });
    expect(element.currentTime).toBe(40);
    fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(element.currentTime).toBe(41);
    fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(element.currentTime).toBe(41);
  });

  it('J and ArrowLeft go back 10 s, clamped to 0', async () => {
    const group = await renderReady();
    const element = audio();
    setDuration(element, 41);
    fireEvent.loadedMetadata(element);
    element.currentTime = 35;

    fireEvent.keyDown(group, { key: 'j' });
    expect(element.currentTime).toBe(25);
    fireEvent.keyDown(group, { key: 'J' });
    expect(element.currentTime).toBe(15);
    fireEvent.keyDown(group, { key: 'ArrowLeft' });
    expect(element.currentTime).toBe(5);
    fireEvent.keyDown(group, { key: 'ArrowLeft' });
    expect(element.currentTime).toBe(0);
  });

  it('marks the keys it handles, and leaves arrows on the slider to the slider', async () => {
    const group = await renderReady();
    const element = audio();
    setDuration(element, 41);
    fireEvent.loadedMetadata(element);
    element.currentTime = 20;

    expect(fireEvent.keyDown(group, { key: 'l' })).toBe(false); // default prevented
    expect(element.currentTime).toBe(30);
    fireEvent.keyDown(screen.getByRole('slider', { name: 'Seek' }), { key: 'ArrowLeft' });
    expect(element.currentTime).toBe(30);
  });

  it('does nothing while the recording is not ready', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'missing' }} />);
    await screen.findByText('This call has no recording.');
    const element = audio();
    setDuration(element, 41);
    element.currentTime = 20;
    fireEvent.keyDown(screen.getByRole('group', { name: 'Recording player' }), { key: 'l' });
    expect(element.currentTime).toBe(20);
  });
});

describe('AudioPlayer in Hebrew', () => {
  it('renders right-to-left with Hebrew text and remembers the choice', async () => {
    await act(() => changeLanguage('he'));
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'missing' }} />);

    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'he');
    expect(window.localStorage.getItem('recordings.language')).toBe('he');
    expect(await screen.findByText('לשיחה זו אין הקלטה.')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'נגן הקלטה' })).toBeInTheDocument();

    await act(() => changeLanguage('en'));
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
  });
});

const TWO_LANES = {
  durationSeconds: 20,
  channels: [
    { speaker: 'customer', peaks: [0, 0.8, 0.6, 0, 0, 0, 0, 0, 0, 0] },
    { speaker: 'agent', peaks: [0, 0, 0, 0, 0.9, 0.7, 0, 0, 0, 0] },
  ],
};
const SILENCES = [
  { startSeconds: 6, endSeconds: 8 },
  { startSeconds: 12, endSeconds: 20 },
];

/** Answers the waveform's requests in order (the last answer repeats) and counts them. */
function mockPeaks(...answers: Answer[]) {
  const count = { peaks: 0 };
  server.use(http.get(PEAKS_URL, () => answers[Math.min(count.peaks++, answers.length - 1)]()));
  return count;
}

const peaksReady: Answer = () => HttpResponse.json(TWO_LANES);
/** The recording is not measured yet: 202 with the status and Retry-After. */
const measuring =
  (retryAfter: string): Answer =>
  () =>
    HttpResponse.json(readyStatus, { status: 202, headers: { 'Retry-After': retryAfter } });

describe('AudioPlayer waveform', () => {
  it('draws one lane per speaker under the seek slider, with a legend, once the recording is ready', async () => {
    mockPeaks(peaksReady);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} silences={SILENCES} />);

    const legend = await screen.findByRole('list', { name: 'Waveform legend' });
    expect(legend).toHaveTextContent('Customer');
    expect(legend).toHaveTextContent('Agent');
    expect(legend).toHaveTextContent('Silence');
    const waveform = document.querySelector('svg.waveform');
    expect(waveform).toHaveAttribute('aria-hidden', 'true');
    expect(waveform?.querySelectorAll('.waveform__lane')).toHaveLength(2);
    setDuration(audio(), 20);
    fireEvent.loadedMetadata(audio());
    expect(waveform?.querySelectorAll('.waveform__silence')).toHaveLength(2);
    // The slider stays the control: its role, its name and its spoken time.
    const slider = screen.getByRole('slider', { name: 'Seek' });
    expect(slider.closest('.waveform-seek')).not.toBeNull();
    audio().currentTime = 10;
    fireEvent.timeUpdate(audio());
    expect(slider).toHaveAttribute('aria-valuetext', '0:10 of 0:20');
    expect(waveform?.querySelector('clipPath rect')).toHaveAttribute('width', '500');
  });

  it('asks again after Retry-After while the waveform is measured, a bounded number of times, then keeps the plain bar', async () => {
    useFakeClock();
    const count = mockPeaks(measuring('3'));
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    await settle();
    expect(count.peaks).toBe(1);

    await advance(2_900);
    expect(count.peaks).toBe(1);
    await advance(200);
    expect(count.peaks).toBe(2);
    for (let i = 0; i < 20; i++) await advance(3_000);

    expect(count.peaks).toBe(MAX_PEAK_ATTEMPTS);
    expect(document.querySelector('svg.waveform')).toBeNull();
    expect(screen.getByRole('slider', { name: 'Seek' })).toBeEnabled();
  });

  it('shows the waveform once it has been measured', async () => {
    useFakeClock();
    const count = mockPeaks(measuring('2'), peaksReady);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    await settle();
    await advance(2_000);

    expect(count.peaks).toBe(2);
    await vi.waitFor(() => expect(document.querySelector('svg.waveform')).not.toBeNull());
    await advance(10_000);
    expect(count.peaks).toBe(2);
  });
});

describe('AudioPlayer skip silences', () => {
  function playing(element: HTMLAudioElement, paused = false) {
    Object.defineProperty(element, 'paused', { configurable: true, value: paused });
  }

  it('jumps to the end of a silence while playing once the toggle is on, and remembers the choice', async () => {
    await renderReady({ silences: SILENCES });
    const element = audio();
    setDuration(element, 20);
    fireEvent.loadedMetadata(element);
    playing(element);
    const toggle = screen.getByRole('button', { name: 'Skip silences' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    element.currentTime = 6.5;
    fireEvent.timeUpdate(element);
    expect(element.currentTime).toBe(6.5);

    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('recordings.player.skipSilences')).toBe('true');
    fireEvent.timeUpdate(element);
    expect(element.currentTime).toBe(7.75);

    element.currentTime = 9;
    fireEvent.timeUpdate(element);
    expect(element.currentTime).toBe(9);
  });

  it('never moves a paused player (a seek into a silence by hand stays put)', async () => {
    window.localStorage.setItem('recordings.player.skipSilences', 'true');
    await renderReady({ silences: SILENCES });
    const element = audio();
    setDuration(element, 20);
    fireEvent.loadedMetadata(element);
    playing(element, true);
    expect(screen.getByRole('button', { name: 'Skip silences' })).toHaveAttribute('aria-pressed', 'true');

    element.currentTime = 13;
    fireEvent.timeUpdate(element);
    expect(element.currentTime).toBe(13);
  });

  it('has no toggle when the recording has no silences', async () => {
    await renderReady();
    expect(screen.queryByRole('button', { name: 'Skip silences' })).toBeNull();
  });
});
