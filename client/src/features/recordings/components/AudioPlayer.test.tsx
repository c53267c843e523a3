import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render as renderPlain, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { http, HttpResponse } from 'msw';
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

type Answer = () => Response;
const ready: Answer = () => new HttpResponse(null, { status: 200, headers: { 'Content-Type': 'audio/mpeg' } });
const accepted =
  (retryAfter?: string): Answer =>
  () =>
    new HttpResponse(null, { status: 202, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });
const problem =
  (status: number, code: string): Answer =>
  () =>
    HttpResponse.json(
      { status, code, title: 'problem' },
      { status, headers: { 'Content-Type': 'application/problem+json' } },
    );
const networkError: Answer = () => HttpResponse.error();

const statusBody = {
  callSid: CALL_SID,
  state: 'downloading',
  retryAfterSeconds: 2,
  bytesDownloaded: 12000,
  totalBytes: 48000,
  durationSeconds: 41,
  error: null,
  transcript: { state: 'none' },
  summary: { state: 'none' },
};

/** Answers HEADs in order (the last answer repeats) and counts every request by endpoint. */
function mockRecordingApi(heads: Answer[], prepares: Answer[] = [accepted('1')], status: object = statusBody) {
  const count = { head: 0, status: 0, prepare: 0 };
  server.use(
    http.head(FILE_URL, () => heads[Math.min(count.head++, heads.length - 1)]()),
    http.get(STATUS_URL, () => {
      count.status++;
      return HttpResponse.json(status, { headers: { 'Retry-After': '2', 'Cache-Control': 'no-store' } });
    }),
    http.post(PREPARE_URL, () => prepares[Math.min(count.prepare++, prepares.length - 1)]()),
  );
  return count;
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

describe('AudioPlayer preparation', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      shouldAdvanceTime: false,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });

  it('waits exactly Retry-After after a 202, asks once, then gives the audio its src', async () => {
    const count = mockRecordingApi([accepted('5'), ready]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();

    expect(count.head).toBe(1);
    expect(screen.getByText('Preparing recording…')).toBeInTheDocument();
    expect(screen.getByText('Downloaded 25%')).toBeInTheDocument();
    expect(audio()).not.toHaveAttribute('src');
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();

    await advance(4999);
    expect(count.head).toBe(1);

    await advance(1);
    expect(count.head).toBe(2);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled();
    // Saved, not played: the server answers it as an attachment and audits it as a download.
    expect(screen.getByRole('link', { name: 'Download recording' })).toHaveAttribute('href', `${FILE_URL}?download=1`);
    expect(screen.queryByText('Preparing recording…')).not.toBeInTheDocument();

    await advance(60_000);
    expect(count.head).toBe(2);
    expect(count.prepare).toBe(0);
  });

  it('asks the server to hold later checks (Prefer: wait), so readiness arrives without waiting out Retry-After', async () => {
    const preferHeaders: (string | null)[] = [];
    let heads = 0;
    server.use(
      http.head(FILE_URL, ({ request }) => {
        preferHeaders.push(request.headers.get('Prefer'));
        heads++;
        if (heads === 1) return new HttpResponse(null, { status: 202, headers: { 'Retry-After': '2' } });
        // The server held this check (Preference-Applied) and the recording is still not ready.
        if (heads === 2) {
          return new HttpResponse(null, {
            status: 202,
            headers: { 'Retry-After': '2', 'Preference-Applied': 'wait=5' },
          });
        }
        return new HttpResponse(null, { status: 200, headers: { 'Preference-Applied': 'wait=5' } });
      }),
      http.get(STATUS_URL, () => HttpResponse.json(statusBody)),
    );
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    expect(heads).toBe(1);

    await advance(2000);
    // The held check came back 202: the next one goes at once (the hold paced it), and finds it ready.
    expect(heads).toBe(3);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(preferHeaders).toEqual([null, 'wait=5', 'wait=5']);
  });

  it('waits 2 seconds when Retry-After is missing', async () => {
    const count = mockRecordingApi([accepted(), ready]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    expect(count.head).toBe(1);

    await advance(1999);
    expect(count.head).toBe(1);
    await advance(1);
    expect(count.head).toBe(2);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
  });

  it('shows the elapsed time while preparing', async () => {
    mockRecordingApi([accepted('30')]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    await advance(12_000);
    expect(screen.getByText('Waiting for 0:12')).toBeInTheDocument();
  });

  it('makes exactly one request for a call without a recording', async () => {
    const count = mockRecordingApi([problem(404, 'recording_not_found')]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();

    expect(screen.getByText('This call has no recording.')).toBeInTheDocument();
    await advance(5 * 60_000);
    expect(count).toEqual({ head: 1, status: 0, prepare: 0 });
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('shows a failed download and POSTs prepare on "Try again", then checks again', async () => {
    const failed = { ...statusBody, state: 'failed', error: 'Twilio answered 503 six times; try again later.' };
    const count = mockRecordingApi([problem(502, 'recording_download_failed'), ready], [accepted('1')], failed);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();

    expect(screen.getByText('The recording could not be downloaded.')).toBeInTheDocument();
    expect(screen.getByText('Details: Twilio answered 503 six times; try again later.')).toBeInTheDocument();
    await advance(60_000);
    expect(count, 'one status read for the reason, then nothing').toEqual({ head: 1, status: 1, prepare: 0 });

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await settle();
    expect(count.prepare).toBe(1);
    expect(count.head).toBe(1);
    expect(screen.getByText('Preparing recording…')).toBeInTheDocument();

    await advance(1000);
    expect(count.head).toBe(2);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
  });

  it('says a 410 recording was deleted under the retention policy, offers nothing to try, and asks nothing more', async () => {
    const count = mockRecordingApi([problem(410, 'recording_expired')]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();

    expect(screen.getByText('This recording was deleted under your retention policy.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await advance(10 * 60_000);
    expect(count).toEqual({ head: 1, status: 0, prepare: 0 });
  });

  it('asks nothing at all for a recording the page knows expired, and says on which day', async () => {
    const count = mockRecordingApi([ready]);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'expired', expiredAt: '2026-11-30T10:00:00Z' }} />);
    await settle();

    expect(
      screen.getByText('This recording was deleted under your retention policy on Nov 30, 2026.'),
    ).toBeInTheDocument();
    await advance(60_000);
    expect(count).toEqual({ head: 0, status: 0, prepare: 0 });
  });

  it('says Twilio reported a recording absent rather than that the call has none', async () => {
    mockRecordingApi([problem(404, 'recording_not_found')]);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'missing', absent: true }} />);
    await settle();

    expect(screen.getByText('Twilio reported this recording absent: there is nothing to play.')).toBeInTheDocument();
  });

  it('shows a server error with "Try again" for a 500', async () => {
    const count = mockRecordingApi([problem(500, 'internal_error')]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    expect(screen.getByText('The server could not get the recording ready.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    await advance(60_000);
    expect(count.head).toBe(1);
  });

  it('stops every request and timer when unmounted mid-preparation', async () => {
    const count = mockRecordingApi([accepted('2')]);
    const { unmount } = render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    await advance(2000);
    expect(count.head).toBe(2);

    unmount();
    await advance(10 * 60_000);
    expect(count.head).toBe(2);
    expect(count.status).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts over for a new call and forgets the old one', async () => {
    const other = 'CA00000000000000000000000000000001';
    const count = mockRecordingApi([accepted('2')]);
    let otherHeads = 0;
    server.use(
      http.head(`/api/recordings/file/${other}`, () => {
        otherHeads++;
        return ready();
      }),
    );
    const { rerender } = render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    rerender(<AudioPlayer callSid={other} />);
    await settle();
    await advance(60_000);
    expect(count.head).toBe(1);
    expect(otherHeads).toBe(1);
    expect(audio().getAttribute('src')).toBe(`/api/recordings/file/${other}`);
  });

  it('gives up after 3 minutes of preparing, and can try again', async () => {
    const count = mockRecordingApi([accepted('2')]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();

    for (let second = 2; second <= 178; second += 2) await advance(2000);
    expect(count.head).toBe(90);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await advance(2000);
    expect(count.head).toBe(91);
    expect(screen.getByText(/taking too long/)).toBeInTheDocument();

    await advance(10 * 60_000);
    expect(count.head).toBe(91);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await settle();
    expect(count.head).toBe(92);
    expect(count.prepare).toBe(0);
  });

  it('retries a network error after 1, 2 and 4 seconds, then shows a message', async () => {
    const count = mockRecordingApi([networkError]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    expect(count.head).toBe(1);
    expect(screen.getByText(/trying again \(attempt 1 of 3\)/)).toBeInTheDocument();

    await advance(1000);
    expect(count.head).toBe(2);
    await advance(1999);
    expect(count.head).toBe(2);
    await advance(1);
    expect(count.head).toBe(3);
    await advance(4000);
    expect(count.head).toBe(4);
    expect(screen.getByText(/Cannot reach the server/)).toBeInTheDocument();

    await advance(60_000);
    expect(count.head).toBe(4);
  });

  it('recovers when the network comes back during the retries', async () => {
    const count = mockRecordingApi([networkError, ready]);
    render(<AudioPlayer callSid={CALL_SID} />);
    await settle();
    await advance(1000);
    expect(count.head).toBe(2);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
  });

  it('reports a 401 to the unauthorized handler and stops', async () => {
    const onUnauthorized = vi.fn();
    const unregister = setUnauthorizedHandler(onUnauthorized);
    try {
      const count = mockRecordingApi([problem(401, 'unauthenticated')]);
      render(<AudioPlayer callSid={CALL_SID} />);
      await settle();
      expect(onUnauthorized).toHaveBeenCalledTimes(1);
      expect(screen.getByText(/session has ended/)).toBeInTheDocument();
      await advance(60_000);
      expect(count.head).toBe(1);
    } finally {
      unregister();
    }
  });
});

describe('AudioPlayer controls', () => {
  afterEach(() => vi.mocked(HTMLMediaElement.prototype.play).mockClear());

  it('plays only when the agent presses play, and K toggles too', async () => {
    mockRecordingApi([ready]);
    render(<AudioPlayer callSid={CALL_SID} />);
    const play = await screen.findByRole('button', { name: 'Play' });
    await vi.waitFor(() => expect(play).toBeEnabled());
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();

    fireEvent.click(play);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);

    fireEvent.keyDown(screen.getByRole('group', { name: 'Recording player' }), { key: 'k' });
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(2);
  });

  it('labels every control for screen readers', async () => {
    mockRecordingApi([ready]);
    render(<AudioPlayer callSid={CALL_SID} durationHint={41} />);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    expect(screen.getByRole('button', { name: 'Back 10 seconds' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Forward 10 seconds' })).toBeEnabled();
    expect(screen.getByRole('slider', { name: 'Seek' })).toHaveAttribute('aria-valuetext', '0:00 of 0:41');
    expect(screen.getByRole('combobox', { name: 'Playback speed' })).toHaveValue('1');
    expect(screen.getAllByRole('option')).toHaveLength(7);
  });

  it('changes the speed on the audio element', async () => {
    mockRecordingApi([ready]);
    render(<AudioPlayer callSid={CALL_SID} />);
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
  mockRecordingApi([ready]);
  render(<AudioPlayer callSid={CALL_SID} {...props} />);
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
    mockRecordingApi([problem(404, 'recording_not_found')]);
    render(<AudioPlayer callSid={CALL_SID} />);
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
    mockRecordingApi([problem(404, 'recording_not_found')]);
    await act(() => changeLanguage('he'));
    render(<AudioPlayer callSid={CALL_SID} />);

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

describe('AudioPlayer waveform', () => {
  it('draws one lane per speaker under the seek slider, with a legend, once the recording is ready', async () => {
    mockRecordingApi([ready]);
    mockPeaks(peaksReady);
    render(<AudioPlayer callSid={CALL_SID} silences={SILENCES} />);

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
    vi.useFakeTimers({
      shouldAdvanceTime: false,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    mockRecordingApi([ready]);
    const count = mockPeaks(accepted('3'));
    render(<AudioPlayer callSid={CALL_SID} />);
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
    vi.useFakeTimers({
      shouldAdvanceTime: false,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    mockRecordingApi([ready]);
    const count = mockPeaks(accepted('2'), peaksReady);
    render(<AudioPlayer callSid={CALL_SID} />);
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
