import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { beforeEach, describe, expect, it } from 'vitest';
import { server } from '../testing/server';
import { createQueryClient } from './query-client';
import { appRoutes } from './routes';

const CALL_SID = 'CA669b6da22a3ad88ceaf84a2de80536e9';
const agent = { email: 'agent@acme.test', displayName: 'Agent One', businessId: 'b1', businessName: 'Acme' };
const call = {
  callSid: CALL_SID,
  from: '+15557654321',
  to: '+15551230001',
  direction: 'inbound',
  status: 'completed',
  startedAt: '2026-11-24T14:59:18+00:00',
  durationSeconds: 42,
  recording: { state: 'ready', durationSeconds: 41, channels: 1 },
  transcript: {
    state: 'done',
    language: 'en',
    text: 'hello there. go forward ten meters',
    segments: [
      { startSeconds: 0, endSeconds: 3, speaker: null, text: 'hello there' },
      { startSeconds: 12, endSeconds: 15, speaker: null, text: 'go forward ten meters' },
    ],
  },
  summary: { state: 'done', text: 'A short call.', provider: 'openai' },
};

function renderAt(path: string) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('app shell', () => {
  // The waveform is measured after the download: these calls have none yet.
  beforeEach(() =>
    server.use(http.get('/api/recordings/:callSid/peaks', () => new HttpResponse(null, { status: 404 }))),
  );

  it('shows a call: player, labelled AI summary, and a transcript that seeks the audio', async () => {
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(agent)),
      http.get(`/api/calls/${CALL_SID}`, () => HttpResponse.json(call)),
    );
    renderAt(`/calls/${CALL_SID}`);

    expect(await screen.findByText('AI-generated summary')).toBeInTheDocument();
    expect(screen.getByText('A short call.')).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Download recording' });

    fireEvent.click(screen.getByRole('button', { name: /go forward ten meters/ }));
    expect((document.querySelector('audio') as HTMLAudioElement).currentTime).toBe(12);
  });

  it('lists the parts of a call with several recordings and plays the one a transcript line belongs to', async () => {
    const [first, second] = ['RE' + '1'.repeat(32), 'RE' + '2'.repeat(32)];
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(agent)),
      http.get(`/api/calls/${CALL_SID}`, () =>
        HttpResponse.json({
          ...call,
          recordings: [
            {
              recordingSid: first,
              state: 'ready',
              durationSeconds: 20,
              channels: 1,
              startedAt: call.startedAt,
              error: null,
            },
            { recordingSid: second, state: 'ready', durationSeconds: 21, channels: 1, startedAt: null, error: null },
          ],
          transcript: {
            ...call.transcript,
            segments: [
              { startSeconds: 0, endSeconds: 3, speaker: null, text: 'hello there', recordingSid: first },
              { startSeconds: 7, endSeconds: 9, speaker: null, text: 'after the transfer', recordingSid: second },
            ],
          },
        }),
      ),
    );
    renderAt(`/calls/${CALL_SID}`);

    const firstPart = await screen.findByRole('button', { name: /Part 1 of 2/ });
    expect(firstPart).toHaveAttribute('aria-pressed', 'true');
    // Both parts are ready by the call's word: the player gives each its URL with no check and no prepare.
    await screen.findByRole('link', { name: 'Download recording' });
    expect(document.querySelector('audio')?.getAttribute('src')).toBe(
      `/api/recordings/file/${CALL_SID}?recordingSid=${first}`,
    );
    expect(screen.getByRole('group', { name: 'Recording player: Part 1 of 2' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /after the transfer/ }));

    expect(await screen.findByRole('group', { name: 'Recording player: Part 2 of 2' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Part 2 of 2/ })).toHaveAttribute('aria-pressed', 'true');
    await screen.findByRole('link', { name: 'Download recording' });
    expect(document.querySelector('audio')?.getAttribute('src')).toBe(
      `/api/recordings/file/${CALL_SID}?recordingSid=${second}`,
    );
  });

  it('sends the agent to /login when the session has ended', async () => {
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(agent)),
      http.get('/api/calls', () => HttpResponse.json({ code: 'unauthenticated' }, { status: 401 })),
    );
    const router = renderAt('/calls');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=%2Fcalls');
  });

  it('signs in and lists the calls', async () => {
    let signedIn = false;
    server.use(
      http.get('/api/auth/me', () => (signedIn ? HttpResponse.json(agent) : new HttpResponse(null, { status: 401 }))),
      http.post('/api/auth/login', async ({ request }) => {
        const body = (await request.json()) as { email: string; password: string };
        if (body.password !== 'Passw0rd!Passw0rd')
          return HttpResponse.json({ code: 'invalid_credentials' }, { status: 401 });
        signedIn = true;
        return HttpResponse.json(agent);
      }),
      http.get('/api/calls', () =>
        HttpResponse.json({ items: [{ ...call, recording: { state: 'ready' } }], page: 1, pageSize: 25, total: 1 }),
      ),
    );
    renderAt('/calls');
    await screen.findByRole('heading', { name: 'Sign in' });

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'agent@acme.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password.')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Passw0rd!Passw0rd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Calls' })).toBeInTheDocument();
    expect(await screen.findByText('+15557654321')).toBeInTheDocument();
  });
});
