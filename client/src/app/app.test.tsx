import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
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
  it('shows a call: player, labelled AI summary, and a transcript that seeks the audio', async () => {
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(agent)),
      http.get(`/api/calls/${CALL_SID}`, () => HttpResponse.json(call)),
      http.head(`/api/recordings/file/${CALL_SID}`, () => new HttpResponse(null, { status: 200 })),
    );
    renderAt(`/calls/${CALL_SID}`);

    expect(await screen.findByText('AI-generated summary')).toBeInTheDocument();
    expect(screen.getByText('A short call.')).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Download recording' });

    fireEvent.click(screen.getByRole('button', { name: /go forward ten meters/ }));
    expect((document.querySelector('audio') as HTMLAudioElement).currentTime).toBe(12);
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
