import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render as renderPlain, screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../../i18n';
import { server } from '../../../testing/server';
import { AudioPlayer } from './AudioPlayer';

function render(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return renderPlain(ui, {
    wrapper: ({ children }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>,
  });
}

const CALL_SID = 'CA' + 'd'.repeat(32);
const RECORDING_SID = 'RE' + 'e'.repeat(32);
const FILE_URL = `/api/recordings/file/${CALL_SID}`;
const STATUS_URL = `/api/recordings/${CALL_SID}`;
const PREPARE_URL = `/api/recordings/${CALL_SID}/prepare`;

const status = {
  callSid: CALL_SID,
  recordingSid: null,
  state: 'ready',
  retryAfterSeconds: null,
  bytesDownloaded: 48000,
  totalBytes: 48000,
  durationSeconds: 20,
  error: null,
  transcript: { state: 'done' },
  summary: { state: 'none' },
  expiredAt: null,
  redaction: { state: 'done', items: 2, original: 'kept' },
};
const redacting = {
  ...status,
  state: 'downloading',
  retryAfterSeconds: 2,
  redaction: { state: 'pending', items: 0, original: null },
};

type Answer = () => Response | Promise<Response>;

/** Prepare and status answers in order (the last repeats), counted. */
function mockRecordingApi(prepares: Answer[], statuses: Answer[]) {
  const count = { prepare: 0, status: 0 };
  server.use(
    http.post(PREPARE_URL, () => prepares[Math.min(count.prepare++, prepares.length - 1)]()),
    http.get(STATUS_URL, () => statuses[Math.min(count.status++, statuses.length - 1)]()),
  );
  return count;
}

/** A status read the server answered at once (it does not hold while redacting), with Retry-After: 2. */
const answered =
  (body: object, code = 200): Answer =>
  () =>
    HttpResponse.json(body, { status: code, headers: { 'Retry-After': '2', 'Cache-Control': 'no-store' } });
const acceptedRedacting: Answer = () =>
  HttpResponse.json(redacting, { status: 202, headers: { 'Retry-After': '2', Location: STATUS_URL } });

async function settle() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
  }
}

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
  await settle();
}

const audio = () => document.querySelector('audio') as HTMLAudioElement;
const playButton = () => screen.getByRole('button', { name: 'Play' });

function setDuration(element: HTMLAudioElement, seconds: number) {
  Object.defineProperty(element, 'duration', { configurable: true, value: seconds });
}

beforeEach(() => server.use(http.get('/api/recordings/:callSid/peaks', () => new HttpResponse(null, { status: 404 }))));

describe('AudioPlayer while the recording is redacted', () => {
  beforeEach(() =>
    vi.useFakeTimers({
      shouldAdvanceTime: false,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    }),
  );
  afterEach(() => vi.mocked(HTMLMediaElement.prototype.play).mockClear());

  it('does not give a downloaded recording still being redacted its URL; Play waits, saying so, then plays', async () => {
    const count = mockRecordingApi([acceptedRedacting], [answered(redacting), answered(redacting), answered(status)]);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready', redacting: true }} />);
    expect(audio()).not.toHaveAttribute('src');
    await advance(30_000);
    expect(count).toEqual({ prepare: 0, status: 0 });

    fireEvent.click(playButton());
    await settle();
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(screen.getByRole('status')).toHaveTextContent('Removing card numbers…');
    expect(screen.queryByText('Preparing recording…')).not.toBeInTheDocument();
    expect(audio()).not.toHaveAttribute('src');

    // Not held while redacting: the next read waits out Retry-After.
    await advance(1_900);
    expect(count.status).toBe(1);
    await advance(100);
    expect(count.status).toBe(2);
    expect(screen.getByText('Removing card numbers…')).toBeInTheDocument();
    await advance(2_000);
    expect(count.status).toBe(3);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(screen.queryByText('Removing card numbers…')).not.toBeInTheDocument();
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);

    await advance(60_000);
    expect(count).toEqual({ prepare: 1, status: 3 });
  });

  it('follows a 200 from prepare that says the redaction is still running, rather than playing it', async () => {
    const count = mockRecordingApi([answered(redacting)], [answered(redacting), answered(status)]);
    render(<AudioPlayer callSid={CALL_SID} />);
    fireEvent.click(playButton());
    await settle();
    expect(screen.getByText('Removing card numbers…')).toBeInTheDocument();
    expect(count).toEqual({ prepare: 1, status: 1 });
    expect(audio()).not.toHaveAttribute('src');
    await advance(2_000);
    expect(audio().getAttribute('src')).toBe(FILE_URL);
    expect(count).toEqual({ prepare: 1, status: 2 });
  });

  it('says it in Hebrew', async () => {
    await act(() => changeLanguage('he'));
    mockRecordingApi([acceptedRedacting], [answered(redacting)]);
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready', redacting: true }} />);
    fireEvent.click(screen.getByRole('button', { name: 'ניגון' }));
    await settle();
    expect(screen.getByRole('status')).toHaveTextContent('מסיר מספרי כרטיסים…');
  });
});

const PEAKS = {
  durationSeconds: 20,
  channels: [
    { speaker: 'customer', peaks: [0, 0.8, 0.6, 0, 0, 0, 0, 0, 0, 0] },
    { speaker: 'agent', peaks: [0, 0, 0, 0, 0.9, 0.7, 0, 0, 0, 0] },
  ],
};

describe('AudioPlayer waveform with redactions', () => {
  it('hatches each redacted stretch, widened by 0.25 s, apart from the silences, with a legend entry', async () => {
    server.use(http.get('/api/recordings/:callSid/peaks', () => HttpResponse.json(PEAKS)));
    render(
      <AudioPlayer
        callSid={CALL_SID}
        known={{ state: 'ready' }}
        silences={[{ startSeconds: 12, endSeconds: 16 }]}
        redactions={[
          { startSeconds: 4, endSeconds: 6 },
          { startSeconds: 9, endSeconds: 10 },
        ]}
      />,
    );
    const legend = await screen.findByRole('list', { name: 'Waveform legend' });
    const item = within(legend).getByText('Redacted');
    expect(item).toHaveAttribute('title', 'Redacted: silenced or beeped over');
    expect(legend).toHaveTextContent('Silence');

    setDuration(audio(), 20);
    fireEvent.loadedMetadata(audio());
    const waveform = document.querySelector('svg.waveform') as SVGSVGElement;
    const bands = [...waveform.querySelectorAll('.waveform__redaction')];
    expect(bands.map((band) => [band.getAttribute('x'), band.getAttribute('width')])).toEqual([
      ['187.5', '125'],
      ['437.5', '75'],
    ]);
    // Hatched (a pattern), drawn over the bars, and not a silence.
    const fill = bands[0].getAttribute('fill') ?? '';
    expect(fill).toMatch(/^url\(#.+-hatch\)$/);
    expect(waveform.querySelector(`pattern[id="${fill.slice(5, -1)}"]`)).not.toBeNull();
    expect(waveform.querySelectorAll('.waveform__silence')).toHaveLength(1);
    expect(waveform.lastElementChild).toBe(bands[1]);
  });

  it('draws no band and no legend entry for a recording with nothing redacted', async () => {
    server.use(http.get('/api/recordings/:callSid/peaks', () => HttpResponse.json(PEAKS)));
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    const legend = await screen.findByRole('list', { name: 'Waveform legend' });
    expect(within(legend).queryByText('Redacted')).not.toBeInTheDocument();
    expect(document.querySelector('.waveform__redaction')).toBeNull();
  });
});

describe('AudioPlayer original', () => {
  it('offers no "Play original" unless the page says the viewer may play it', () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} />);
    expect(screen.queryByRole('button', { name: 'Play original' })).not.toBeInTheDocument();
  });

  it('switches to the unredacted original and back, keeping the place; the download stays redacted', async () => {
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} originalAvailable />);
    const element = audio();
    setDuration(element, 20);
    fireEvent.loadedMetadata(element);
    element.currentTime = 7;
    fireEvent.timeUpdate(element);

    const toggle = screen.getByRole('button', { name: 'Play original' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(element.getAttribute('src')).toBe(`${FILE_URL}?original=1`);
    expect(screen.getByText(/Playing the unredacted original/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download recording' })).toHaveAttribute('href', `${FILE_URL}?download=1`);

    // The new source starts at 0 (as a browser does): once loaded, back to where the agent was.
    element.currentTime = 0;
    fireEvent.loadedMetadata(element);
    expect(element.currentTime).toBe(7);

    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(element.getAttribute('src')).toBe(FILE_URL);
    expect(screen.queryByText(/Playing the unredacted original/)).not.toBeInTheDocument();
  });

  it('names the part in the original’s URL', () => {
    render(
      <AudioPlayer callSid={CALL_SID} recordingSid={RECORDING_SID} known={{ state: 'ready' }} originalAvailable />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Play original' }));
    expect(audio().getAttribute('src')).toBe(`${FILE_URL}?original=1&recordingSid=${RECORDING_SID}`);
  });

  it('goes back to the redacted recording, and says so, when the original cannot be loaded', async () => {
    let prepares = 0;
    server.use(
      http.post(PREPARE_URL, async () => {
        prepares++;
        await delay(10);
        return HttpResponse.json(status);
      }),
    );
    render(<AudioPlayer callSid={CALL_SID} known={{ state: 'ready' }} originalAvailable />);
    fireEvent.click(screen.getByRole('button', { name: 'Play original' }));
    const element = audio();
    Object.defineProperty(element, 'error', { configurable: true, value: { code: 4 } });
    fireEvent.error(element);
    Object.defineProperty(element, 'error', { configurable: true, value: null });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The original could not be played: back to the redacted recording.',
    );
    expect(element.getAttribute('src')).toBe(FILE_URL);
    expect(screen.getByRole('button', { name: 'Play original' })).toHaveAttribute('aria-pressed', 'false');
    // The redacted copy is not doubted: nothing is prepared.
    expect(prepares).toBe(0);
  });
});
