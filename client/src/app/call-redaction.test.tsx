import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { beforeEach, describe, expect, it } from 'vitest';
import { server } from '../testing/server';
import { createQueryClient } from './query-client';
import { appRoutes } from './routes';

const CALL_SID = 'CA' + '7'.repeat(32);
const [FIRST, SECOND] = ['RE' + '1'.repeat(32), 'RE' + '2'.repeat(32)];
const me = (role: 'agent' | 'admin') => ({
  id: '00000000-0000-4000-8000-000000000001',
  email: `${role}@acme.test`,
  displayName: role,
  role,
  businessId: 'b1',
  businessName: 'Acme',
});
const kept = { state: 'done', items: 3, original: 'kept' };
const part = (recordingSid: string, redaction: object | null) => ({
  recordingSid,
  state: 'ready',
  durationSeconds: 20,
  channels: 2,
  startedAt: null,
  error: null,
  redaction,
});
const call = {
  callSid: CALL_SID,
  from: '+15557654321',
  to: '+15551230001',
  direction: 'inbound',
  status: 'completed',
  startedAt: '2026-11-24T14:59:18+00:00',
  durationSeconds: 42,
  recording: { state: 'ready', durationSeconds: 20, channels: 2, redaction: kept },
  recordings: [part(FIRST, kept)],
  redactions: [
    { recordingSid: FIRST, startSeconds: 4, endSeconds: 6, entity: 'card' },
    { recordingSid: FIRST, startSeconds: 8, endSeconds: 9, entity: 'cvv' },
    { recordingSid: FIRST, startSeconds: 10, endSeconds: 12, entity: 'card' },
  ],
  transcript: {
    state: 'done',
    language: 'en',
    text: 'my card is [card] and the code [cvv]',
    segments: [{ startSeconds: 3, endSeconds: 9, speaker: 'customer', text: 'my card is [card] and the code [cvv]' }],
  },
  summary: { state: 'done', text: 'The customer paid.', provider: 'extractive' },
};
const PEAKS = {
  durationSeconds: 20,
  channels: [
    { speaker: 'customer', peaks: [0, 0.8, 0.6, 0, 0] },
    { speaker: 'agent', peaks: [0, 0, 0, 0.9, 0.7] },
  ],
};

function renderCall(role: 'agent' | 'admin', body: object = call) {
  server.use(
    http.get('/api/auth/me', () => HttpResponse.json(me(role))),
    http.get(`/api/calls/${CALL_SID}`, () => HttpResponse.json(body)),
  );
  const router = createMemoryRouter(appRoutes, { initialEntries: [`/calls/${CALL_SID}`] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const audio = () => document.querySelector('audio') as HTMLAudioElement;

describe('a redacted call', () => {
  beforeEach(() => server.use(http.get('/api/recordings/:callSid/peaks', () => HttpResponse.json(PEAKS))));

  it('tells an admin what was redacted, shows the chips and the bands, and lets them play the kept original', async () => {
    renderCall('admin');

    const notice = await screen.findByText(/^Redacted: 3 items/);
    expect(notice.closest('[role="status"]')).toHaveTextContent(
      'Redacted: 3 items — card number: 2, security code: 1' +
        'The original is kept encrypted; only administrators can play it.',
    );
    expect(screen.getByRole('img', { name: 'Redacted: card number' })).toHaveTextContent('[card number]');
    expect(screen.getByRole('img', { name: 'Redacted: security code' })).toBeInTheDocument();

    await screen.findByRole('list', { name: 'Waveform legend' });
    Object.defineProperty(audio(), 'duration', { configurable: true, value: 20 });
    fireEvent.loadedMetadata(audio());
    expect(document.querySelectorAll('.waveform__redaction')).toHaveLength(3);

    fireEvent.click(await screen.findByRole('button', { name: 'Play original' }));
    expect(audio().getAttribute('src')).toBe(`/api/recordings/file/${CALL_SID}?original=1`);
  });

  it('never offers the original to an agent', async () => {
    renderCall('agent');
    await screen.findByText(/^Redacted: 3 items/);
    await screen.findByRole('link', { name: 'Download recording' });
    expect(screen.queryByRole('button', { name: 'Play original' })).not.toBeInTheDocument();
  });

  it('offers an admin no original that was deleted, and says it was', async () => {
    const deleted = { ...kept, original: 'deleted' };
    renderCall('admin', {
      ...call,
      recording: { ...call.recording, redaction: deleted },
      recordings: [part(FIRST, deleted)],
    });
    expect(await screen.findByText('The original was deleted.')).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Download recording' });
    expect(screen.queryByRole('button', { name: 'Play original' })).not.toBeInTheDocument();
  });

  it('shows the redaction of the part in the player only', async () => {
    const none = { state: 'done', items: 0, original: null };
    renderCall('admin', { ...call, recordings: [part(FIRST, kept), part(SECOND, none)] });
    await screen.findByText(/^Redacted: 3 items/);
    fireEvent.click(screen.getByRole('button', { name: /Part 2 of 2/ }));

    expect(await screen.findByText('Redaction found nothing to remove.')).toBeInTheDocument();
    expect(screen.queryByText(/^Redacted: 3 items/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Play original' })).not.toBeInTheDocument();
    await screen.findByRole('list', { name: 'Waveform legend' });
    expect(document.querySelector('.waveform__redaction')).toBeNull();
  });

  it('says a redaction still running, and gives the player no URL until it is done', async () => {
    const pending = { state: 'pending', items: 0, original: null };
    renderCall('admin', {
      ...call,
      recording: { ...call.recording, redaction: pending },
      recordings: [part(FIRST, pending)],
      redactions: [],
    });
    const notice = await screen.findByText('Removing card numbers and other details from this recording…');
    expect(notice).toHaveAttribute('role', 'status');
    const player = screen.getByRole('group', { name: 'Recording player' });
    expect(within(player).getByRole('button', { name: 'Play' })).toBeEnabled();
    expect(audio()).not.toHaveAttribute('src');
    expect(screen.queryByRole('button', { name: 'Play original' })).not.toBeInTheDocument();
  });

  it('says a redaction failed', async () => {
    const failed = { state: 'failed', items: 0, original: null };
    renderCall('agent', {
      ...call,
      recording: { ...call.recording, redaction: failed },
      recordings: [part(FIRST, failed)],
      redactions: [],
    });
    expect(
      await screen.findByText('Card numbers and other details could not be removed from this recording.'),
    ).toBeInTheDocument();
  });
});
