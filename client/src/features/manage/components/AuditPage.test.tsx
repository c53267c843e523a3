import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../../testing/server';
import type { AuditEntry } from '../api/types';
import { renderWithClient } from '../testing/render';
import { AuditPage } from './AuditPage';

const CALL_SID = 'CA' + 'a'.repeat(32);

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: `2026-03-0${(n % 9) + 1}T10:00:00Z`,
    action: 'play',
    agentEmail: `agent${n}@acme.test`,
    businessId: 'b1',
    callSid: CALL_SID,
    recordingSid: null,
    ip: '203.0.113.7',
    userAgent: 'Firefox',
    target: null,
    detail: null,
    ...overrides,
  };
}

/** Answers the audit list a page at a time (page N's cursor is `cN`, 3 pages), recording every query. */
function mockAudit({ total = 120, totalIsEstimate = false } = {}) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get('/api/manage/audit', ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      const page = Number(params.get('cursor')?.slice(1) ?? 1);
      return HttpResponse.json({
        items: [entry(page)],
        nextCursor: page < 3 ? `c${page + 1}` : null,
        total,
        totalIsEstimate,
      });
    }),
  );
  return requests;
}

describe('AuditPage', () => {
  it('lists entries, newest first as the server sends them, with the total', async () => {
    mockAudit();
    renderWithClient(<AuditPage />);

    const table = await screen.findByRole('table', { name: 'Audit entries, newest first' });
    const row = within(table).getAllByRole('row')[1];
    expect(within(row).getByText('Played a recording')).toBeInTheDocument();
    expect(within(row).getByText('agent1@acme.test')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: CALL_SID })).toHaveAttribute('href', `/calls/${CALL_SID}`);
    expect(within(row).getByText('203.0.113.7')).toBeInTheDocument();
    expect(screen.getByText('Entries: 120')).toBeInTheDocument();
  });

  it('pages by cursor, Next and Previous', async () => {
    const requests = mockAudit();
    renderWithClient(<AuditPage />);
    await screen.findByText('agent1@acme.test');
    const next = screen.getByRole('button', { name: 'Next page' });
    const previous = screen.getByRole('button', { name: 'Previous page' });
    expect(previous).toBeDisabled();

    fireEvent.click(next);
    expect(await screen.findByText('agent2@acme.test')).toBeInTheDocument();
    fireEvent.click(next);
    expect(await screen.findByText('agent3@acme.test')).toBeInTheDocument();
    expect(next).toBeDisabled();
    expect(screen.getByText('Page 3')).toBeInTheDocument();

    fireEvent.click(previous);
    expect(await screen.findByText('agent2@acme.test')).toBeInTheDocument();
    await vi.waitFor(() => expect(requests.map((r) => r.get('cursor'))).toEqual([null, 'c2', 'c3', 'c2']));
    expect(requests.every((r) => r.get('limit') === '50')).toBe(true);
  });

  it('says "about" when the total is an estimate', async () => {
    mockAudit({ total: 1_234_567, totalIsEstimate: true });
    renderWithClient(<AuditPage />);

    expect(await screen.findByText('Entries: about 1,234,567')).toBeInTheDocument();
  });

  it('applies the filters from the first page, and the CSV link carries the same', async () => {
    const requests = mockAudit();
    renderWithClient(<AuditPage />);
    await screen.findByText('agent1@acme.test');
    const csv = screen.getByRole('link', { name: 'Download CSV' });
    expect(csv).toHaveAttribute('href', '/api/manage/audit.csv');
    expect(csv).toHaveAttribute('download');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('agent2@acme.test');

    fireEvent.change(screen.getByLabelText('Call SID'), { target: { value: ` ${CALL_SID} ` } });
    fireEvent.change(screen.getByLabelText('Account email'), { target: { value: 'dana@acme.test' } });
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'download' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01T09:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-31T18:30' } });
    // Nothing is asked while the filters are typed.
    expect(requests).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    await vi.waitFor(() => expect(requests).toHaveLength(3));
    const from = new Date('2026-03-01T09:00').toISOString();
    const to = new Date('2026-03-31T18:30').toISOString();
    const last = requests[2];
    expect(Object.fromEntries(last)).toEqual({
      callSid: CALL_SID,
      agentEmail: 'dana@acme.test',
      action: 'download',
      from,
      to,
      limit: '50',
    });
    const href = new URL(csv.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/api/manage/audit.csv');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      callSid: CALL_SID,
      agentEmail: 'dana@acme.test',
      action: 'download',
      from,
      to,
    });
    expect(await screen.findByText('Page 1')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(csv).toHaveAttribute('href', '/api/manage/audit.csv'));
    expect(screen.getByLabelText('Call SID')).toHaveValue('');
  });

  it('says when nothing matches', async () => {
    server.use(
      http.get('/api/manage/audit', () =>
        HttpResponse.json({ items: [], nextCursor: null, total: 0, totalIsEstimate: false }),
      ),
    );
    renderWithClient(<AuditPage />);

    expect(await screen.findByText('No entries match these filters.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });
});
