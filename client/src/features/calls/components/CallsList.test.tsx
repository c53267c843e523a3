import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ComponentProps } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../../testing/server';
import type { CallSummary } from '../api/types';
import { CallsList } from './CallsList';

function makeCall(n: number, overrides: Partial<CallSummary> = {}): CallSummary {
  return {
    callSid: `CA${String(n).padStart(32, '0')}`,
    from: `+1555000${String(n).padStart(4, '0')}`,
    to: '+15551230001',
    direction: 'inbound',
    status: 'completed',
    startedAt: null,
    durationSeconds: 42,
    recording: { state: 'ready' },
    transcript: { state: 'done' },
    summary: { state: 'done' },
    ...overrides,
  };
}

/**
 * Answers GET /api/calls with `total` calls, 25 a page, by cursor (page N's cursor is `cN`), and records every query
 * string it was asked.
 */
function mockCalls(
  total: number,
  items: (page: number) => CallSummary[] = () => [makeCall(1)],
  totalIsEstimate = false,
) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get('/api/calls', ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      const page = Number(params.get('cursor')?.slice(1) ?? 1);
      const nextCursor = page * 25 < total ? `c${page + 1}` : null;
      return HttpResponse.json({ items: items(page), nextCursor, total, totalIsEstimate });
    }),
  );
  return requests;
}

function renderList(props: ComponentProps<typeof CallsList> = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <CallsList {...props} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('CallsList', () => {
  it('shows each call with its recording, transcript and summary badges', async () => {
    mockCalls(2, () => [
      makeCall(1),
      makeCall(2, {
        recording: { state: 'downloading' },
        transcript: { state: 'running' },
        summary: { state: 'disabled' },
      }),
    ]);
    renderList();

    const first = (await screen.findByText('+15550000001')).closest('tr') as HTMLElement;
    expect(within(first).getByText('Ready')).toHaveClass('badge');
    expect(within(first).getAllByText('Done')).toHaveLength(2);

    const second = screen.getByText('+15550000002').closest('tr') as HTMLElement;
    expect(within(second).getByText('Downloading')).toHaveClass('badge');
    expect(within(second).getByText('Transcribing')).toBeInTheDocument();
    expect(within(second).getByText('Off')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Transcript' })).toBeInTheDocument();
  });

  it('sends the search as q and goes back to the first page', async () => {
    const requests = mockCalls(60);
    renderList();
    await screen.findByText('+15550000001');
    expect(requests).toHaveLength(1);
    expect(requests[0].get('q')).toBeNull();
    expect(requests[0].get('cursor')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 of 3');

    // The list asks once the agent stops typing (300 ms), for the first page of the new query.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search calls' }), {
      target: { value: ' +1555 ' },
    });
    await screen.findByText('Page 1 of 3');
    await vi.waitFor(() => expect(requests).toHaveLength(3));
    const last = requests[requests.length - 1];
    expect(last.get('q')).toBe('+1555');
    expect(last.get('cursor')).toBeNull();
    expect(last.get('limit')).toBe('25');
  });

  it('waits until typing stops: "4155" typed quickly sends one request, 300 ms after the last key', async () => {
    const requests = mockCalls(60);
    renderList();
    await screen.findByText('+15550000001');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 of 3');
    await vi.waitFor(() => expect(requests).toHaveLength(2));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // A quick typist: one key every 50 ms. Every key restarts the 300 ms wait.
    const searchbox = screen.getByRole('searchbox', { name: 'Search calls' });
    for (const text of ['4', '41', '415', '4155']) {
      fireEvent.change(searchbox, { target: { value: text } });
      await act(() => vi.advanceTimersByTimeAsync(50));
    }
    expect(requests).toHaveLength(2);

    // 300 ms after the last key, not before.
    await act(() => vi.advanceTimersByTimeAsync(249));
    expect(requests).toHaveLength(2);

    await act(() => vi.advanceTimersByTimeAsync(1));
    await vi.waitFor(() => expect(requests).toHaveLength(3));
    expect(requests[2].get('q')).toBe('4155');
    expect(requests[2].get('cursor')).toBeNull();

    // Nothing else follows: not one request per key.
    await act(() => vi.advanceTimersByTimeAsync(2000));
    vi.useRealTimers();
    expect(await screen.findByText('Page 1 of 3')).toBeInTheDocument();
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.get('q'))).toEqual([null, null, '4155']);
  });

  it('pages with Next and Previous, sending the cursor of the page asked for', async () => {
    const requests = mockCalls(60, (page) => [makeCall(page)]);
    renderList();
    await screen.findByText('+15550000001');
    const previous = screen.getByRole('button', { name: 'Previous page' });
    const next = screen.getByRole('button', { name: 'Next page' });
    expect(previous).toBeDisabled();
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();

    fireEvent.click(next);
    expect(await screen.findByText('+15550000002')).toBeInTheDocument();
    expect(requests.map((r) => r.get('cursor'))).toEqual([null, 'c2']);

    fireEvent.click(next);
    expect(await screen.findByText('+15550000003')).toBeInTheDocument();
    expect(next).toBeDisabled();
    expect(screen.getByText('Page 3 of 3')).toBeInTheDocument();

    fireEvent.click(previous);
    expect(await screen.findByText('+15550000002')).toBeInTheDocument();
    await vi.waitFor(() => expect(requests.map((r) => r.get('cursor'))).toEqual([null, 'c2', 'c3', 'c2']));
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument();
  });

  it('shows the talk ratio and silence of measured calls, and a dash for the others', async () => {
    mockCalls(2, () => [
      makeCall(1, { insight: { agentTalkSeconds: 30, customerTalkSeconds: 10, silenceSeconds: 75 } }),
      makeCall(2, { insight: null }),
    ]);
    renderList();

    const rows = await screen.findAllByRole('row');
    const measured = within(rows[1]).getByText('75%', { exact: false }).closest('td')!;
    expect(measured).toHaveTextContent('75% / 25%');
    expect(measured).toHaveTextContent('Silence 1:15');
    expect(rows[2].querySelector('.calls-table__talk')).toHaveTextContent('–');
  });

  it('asks for the most silent calls first, or at least a given silence, from page 1', async () => {
    const requests = mockCalls(60);
    renderList();
    await screen.findByText('Page 1 of 3');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 of 3');

    fireEvent.change(screen.getByRole('combobox', { name: 'Order' }), { target: { value: 'silence' } });
    await vi.waitFor(() => expect(requests.at(-1)?.get('sort')).toBe('silence'));
    expect(requests.at(-1)?.has('cursor')).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Silence' }), { target: { value: '30' } });

    await vi.waitFor(() => expect(requests.at(-1)?.get('minSilence')).toBe('30'));
    expect(requests.at(-1)?.get('sort')).toBe('silence');
    expect(requests[0].has('sort')).toBe(false);
    expect(requests[0].has('minSilence')).toBe(false);
  });

  it('shows where a search matched, marked, each opening the call at that moment', async () => {
    const requests = mockCalls(1, () => [
      makeCall(1, {
        hits: [
          {
            recordingSid: 'RE' + '2'.repeat(32),
            startSeconds: 75.4,
            endSeconds: 80,
            speaker: 'customer',
            text: 'אני רוצה לדבר עם הלקוח',
            highlights: [[17, 22]],
          },
        ],
      }),
    ]);
    renderList();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search calls' }), { target: { value: 'לקוח' } });
    await vi.waitFor(() => expect(requests.at(-1)?.get('q')).toBe('לקוח'));

    const hits = await screen.findByRole('list', { name: 'Where it was said' });
    expect(within(hits).getByText('הלקוח').tagName).toBe('MARK');
    expect(within(hits).getByText('Customer')).toBeInTheDocument();
    const link = within(hits).getByRole('link', { name: 'Play from 1:15' });
    expect(link).toHaveAttribute('href', `/calls/${makeCall(1).callSid}?t=75&recording=RE${'2'.repeat(32)}`);
    expect(requests.at(-1)?.has('sort')).toBe(false);
    expect(screen.getByRole('combobox', { name: 'Order' })).toHaveDisplayValue('Best match');
  });

  it('says a total beyond what the server counts is an estimate', async () => {
    mockCalls(1_234_567, () => [makeCall(1)], true);
    renderList();

    expect(await screen.findByText('Page 1 of about 49,383')).toBeInTheDocument();
  });

  it('shows each call’s agents, and says when it has none', async () => {
    mockCalls(2, () => [
      makeCall(1, {
        agents: [
          { id: 'a1', displayName: 'Dana Cohen' },
          { id: 'a2', displayName: 'Avi Levi' },
        ],
      }),
      makeCall(2, { agents: [] }),
    ]);
    renderList();

    const first = (await screen.findByText('+15550000001')).closest('tr') as HTMLElement;
    expect(within(first).getByText('Dana Cohen, Avi Levi')).toBeInTheDocument();
    const second = screen.getByText('+15550000002').closest('tr') as HTMLElement;
    expect(within(second).getByText('No agent')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Agents' })).toBeInTheDocument();
  });

  it('has no agent or team filter without choices (an agent’s list)', async () => {
    mockCalls(1);
    renderList();
    await screen.findByText('+15550000001');

    expect(screen.queryByRole('combobox', { name: 'Agent' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Team' })).toBeNull();
  });

  it('filters by agent and by team with agentId and teamId, from page 1', async () => {
    const requests = mockCalls(60);
    renderList({
      filterOptions: {
        agents: [
          { id: 'a1', label: 'Dana Cohen' },
          { id: 'a2', label: 'Avi Levi' },
        ],
        teams: [{ id: 't1', label: 'Sales' }],
      },
    });
    await screen.findByText('Page 1 of 3');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 of 3');

    const agent = screen.getByRole('combobox', { name: 'Agent' });
    expect(agent).toHaveDisplayValue('All agents');
    fireEvent.change(agent, { target: { value: 'a2' } });
    await vi.waitFor(() => expect(requests.at(-1)?.get('agentId')).toBe('a2'));
    expect(requests.at(-1)?.has('cursor')).toBe(false);
    expect(requests.at(-1)?.has('teamId')).toBe(false);

    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: 't1' } });
    await vi.waitFor(() => expect(requests.at(-1)?.get('teamId')).toBe('t1'));
    expect(requests.at(-1)?.get('agentId')).toBe('a2');

    fireEvent.change(agent, { target: { value: '' } });
    await vi.waitFor(() => expect(requests.at(-1)?.has('agentId')).toBe(false));
    expect(requests[0].has('agentId')).toBe(false);
  });
});
