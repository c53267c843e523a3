import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { server } from '../testing/server';
import { createQueryClient } from './query-client';
import { appRoutes } from './routes';

const CALL_SID = 'CA669b6da22a3ad88ceaf84a2de80536e9';
const agent = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'agent@acme.test',
  displayName: 'Agent One',
  role: 'agent',
  businessId: 'b1',
  businessName: 'Acme',
};
const supervisor = {
  ...agent,
  id: '00000000-0000-4000-8000-000000000002',
  displayName: 'Sam Super',
  role: 'supervisor',
};
const admin = { ...agent, id: '00000000-0000-4000-8000-000000000003', displayName: 'Dana Admin', role: 'admin' };
const accounts = [
  { ...admin, teamIds: [], identities: [], disabled: false },
  { ...agent, teamIds: ['t1'], identities: ['client:one'], disabled: false },
  {
    id: '00000000-0000-4000-8000-000000000004',
    email: 'avi@acme.test',
    displayName: 'Avi Levi',
    role: 'agent',
    teamIds: ['t1'],
    identities: [],
    disabled: false,
  },
];
const teams = [{ id: 't1', name: 'Sales', phoneNumbers: [], supervisorIds: [], memberIds: [] }];
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

  describe('roles', () => {
    const emptyList = () => HttpResponse.json({ items: [], nextCursor: null, total: 0, totalIsEstimate: false });
    const nav = () => screen.getByRole('navigation', { name: 'Main' });
    const navLinks = () =>
      within(nav())
        .getAllByRole('link')
        .map((link) => link.textContent);

    it('gives an agent the calls only: no manage links, and "no access" on a manage page', async () => {
      server.use(
        http.get('/api/auth/me', () => HttpResponse.json(agent)),
        http.get('/api/calls', emptyList),
      );
      renderAt('/calls');
      await screen.findByRole('heading', { name: 'Calls' });
      expect(navLinks()).toEqual(['Calls']);
      // No filters by agent or team, and no request for the business's accounts (unhandled requests fail the test).
      expect(screen.queryByRole('combobox', { name: 'Agent' })).toBeNull();

      cleanup();
      const router = renderAt('/manage/agents');
      expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
      expect(screen.getByText('You do not have access to this page.')).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/manage/agents');
    });

    it('gives a supervisor the accounts and teams to read, and no settings or audit', async () => {
      server.use(
        http.get('/api/auth/me', () => HttpResponse.json(supervisor)),
        http.get('/api/manage/agents', () => HttpResponse.json({ items: accounts })),
        http.get('/api/manage/teams', () => HttpResponse.json({ items: teams })),
      );
      renderAt('/manage/agents');
      await screen.findByRole('table', { name: 'The business’s accounts' });
      expect(navLinks()).toEqual(['Calls', 'Accounts', 'Teams']);
      expect(within(nav()).getByRole('link', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');
      expect(screen.queryByRole('button', { name: 'New account' })).toBeNull();
      expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();

      cleanup();
      renderAt('/manage/audit');
      expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
    });

    it('gives an admin every section, and filters the calls by agent', async () => {
      const requests: URLSearchParams[] = [];
      server.use(
        http.get('/api/auth/me', () => HttpResponse.json(admin)),
        http.get('/api/manage/agents', () => HttpResponse.json({ items: accounts })),
        http.get('/api/manage/teams', () => HttpResponse.json({ items: teams })),
        http.get('/api/calls', ({ request }) => {
          requests.push(new URL(request.url).searchParams);
          return emptyList();
        }),
      );
      renderAt('/calls');
      await screen.findByRole('heading', { name: 'Calls' });
      expect(navLinks()).toEqual(['Calls', 'Accounts', 'Teams', 'Settings', 'Audit log']);

      const filter = await screen.findByRole('combobox', { name: 'Agent' });
      expect(
        within(filter)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['All agents', 'Agent One', 'Avi Levi', 'Dana Admin']);
      fireEvent.change(filter, { target: { value: accounts[2].id } });
      await vi.waitFor(() => expect(requests.at(-1)?.get('agentId')).toBe(accounts[2].id));
    });

    it('shows every role the call’s agents, and lets an admin correct them', async () => {
      let agents = [{ id: agent.id, displayName: agent.displayName }];
      const puts: unknown[] = [];
      server.use(
        http.get('/api/auth/me', () => HttpResponse.json(admin)),
        http.get(`/api/calls/${CALL_SID}`, () => HttpResponse.json({ ...call, agents, teams: [] })),
        http.get('/api/manage/agents', () => HttpResponse.json({ items: accounts })),
        http.put(`/api/manage/calls/${CALL_SID}/agents`, async ({ request }) => {
          const body = (await request.json()) as { agentIds: string[] };
          puts.push(body);
          agents = accounts
            .filter((account) => body.agentIds.includes(account.id))
            .map(({ id, displayName }) => ({ id, displayName }));
          return HttpResponse.json({ agents, teams: [{ id: 't1', name: 'Sales' }] });
        }),
      );
      renderAt(`/calls/${CALL_SID}`);
      expect(await screen.findByText('Agent One')).toBeInTheDocument();

      fireEvent.click(screen.getByRole('button', { name: 'Correct the agents' }));
      const form = screen.getByRole('form', { name: 'The agents of this call' });
      expect(screen.getByRole('heading', { name: 'The agents of this call' })).toHaveFocus();
      const choices = await within(form).findByRole('group', { name: 'Agents' });
      expect(within(choices).getByLabelText('Agent One')).toBeChecked();
      fireEvent.click(within(choices).getByLabelText('Agent One'));
      fireEvent.click(within(choices).getByLabelText('Avi Levi'));
      fireEvent.click(within(form).getByRole('button', { name: 'Save agents' }));

      expect(await screen.findByText('The call’s agents were corrected.')).toBeInTheDocument();
      expect(puts).toEqual([{ agentIds: [accounts[2].id] }]);
      expect(screen.getByText('Avi Levi')).toBeInTheDocument();
      expect(screen.queryByRole('form', { name: 'The agents of this call' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Correct the agents' })).toHaveFocus();
    });

    it('shows an agent the call’s agents without the correction', async () => {
      server.use(
        http.get('/api/auth/me', () => HttpResponse.json(agent)),
        http.get(`/api/calls/${CALL_SID}`, () => HttpResponse.json({ ...call, agents: [], teams: [] })),
      );
      renderAt(`/calls/${CALL_SID}`);

      expect(await screen.findByText('No agent')).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Correct the agents' })).toBeNull();
    });
  });
});
