import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../../testing/server';
import type { Team } from '../api/types';
import { avi, dana, noa, sales, support } from '../testing/fixtures';
import { renderWithClient } from '../testing/render';
import { TeamsPage } from './TeamsPage';

function mockLists(teams: Team[] = [sales, support]) {
  const list = [...teams];
  server.use(
    http.get('/api/manage/agents', () => HttpResponse.json({ items: [dana, avi, noa] })),
    http.get('/api/manage/teams', () => HttpResponse.json({ items: list })),
  );
  return list;
}

function mockSettings() {
  server.use(
    http.get('/api/manage/settings', () =>
      HttpResponse.json({ agentsSee: 'business', phoneNumbers: ['+15551230001', '+15551230002'] }),
    ),
  );
}

describe('TeamsPage', () => {
  it('lists each team with its numbers, supervisors and members', async () => {
    mockLists();
    renderWithClient(<TeamsPage canEdit />);

    const table = await screen.findByRole('table', { name: 'The business’s teams' });
    const row = within(table).getByRole('row', { name: /Sales/ });
    expect(within(row).getByText('+15551230001')).toBeInTheDocument();
    const cells = within(row).getAllByRole('cell');
    expect(await within(cells[1]).findByText('Noa Bar')).toBeInTheDocument();
    expect(within(cells[2]).getByText('Avi Levi')).toBeInTheDocument();
    expect(within(cells[2]).getByText('Noa Bar')).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: /Support/ })).getAllByText('None')).toHaveLength(3);
  });

  it('creates a team with a number of the business and a supervisor', async () => {
    const list = mockLists();
    mockSettings();
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/manage/teams', async ({ request }) => {
        const body = (await request.json()) as Omit<Team, 'id' | 'memberIds'>;
        bodies.push(body);
        const team = { ...body, id: 't-new', memberIds: [] };
        list.push(team);
        return HttpResponse.json(team, { status: 201 });
      }),
    );
    renderWithClient(<TeamsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New team' }));

    expect(screen.getByLabelText('Name')).toHaveFocus();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Retention' } });
    const numbers = await screen.findByRole('group', { name: 'Phone numbers' });
    fireEvent.click(within(numbers).getByLabelText('+15551230002'));
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Supervisors' })).getByLabelText('Dana Cohen (Administrator)'),
    );
    // A disabled account is not offered.
    expect(within(screen.getByRole('group', { name: 'Supervisors' })).queryByLabelText(/Noa Bar/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));

    expect(await screen.findByRole('status')).toHaveTextContent('The team Retention was created.');
    expect(bodies).toEqual([{ name: 'Retention', phoneNumbers: ['+15551230002'], supervisorIds: [dana.id] }]);
    expect(await screen.findByRole('row', { name: /Retention/ })).toBeInTheDocument();
  });

  it('edits a team with PATCH and shows its members, set on the accounts', async () => {
    mockLists();
    mockSettings();
    const patches: unknown[] = [];
    server.use(
      http.patch('/api/manage/teams/:id', async ({ request, params }) => {
        const body = (await request.json()) as Partial<Team>;
        patches.push({ id: params.id, ...body });
        return HttpResponse.json({ ...sales, ...body });
      }),
    );
    renderWithClient(<TeamsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Sales' }));

    const form = screen.getByRole('form', { name: 'Edit the team Sales' });
    expect(within(form).getByText('Members are chosen on each account, in its teams.')).toBeInTheDocument();
    expect(within(form).getByText('Avi Levi')).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Sales IL' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('status')).toHaveTextContent('The changes to the team Sales IL were saved.');
    expect(patches).toEqual([
      { id: 't-sales', name: 'Sales IL', phoneNumbers: ['+15551230001'], supervisorIds: [noa.id] },
    ]);
  });

  it('deletes a team only once confirmed', async () => {
    const list = mockLists();
    const deleted: string[] = [];
    server.use(
      http.delete('/api/manage/teams/:id', ({ params }) => {
        deleted.push(String(params.id));
        list.splice(
          list.findIndex((team) => team.id === params.id),
          1,
        );
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithClient(<TeamsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Support' }));

    const confirm = screen.getByRole('group', { name: 'Delete the team Support?' });
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /Delete the team/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete Support' })).toHaveFocus();
    expect(deleted).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete Support' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete team' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The team Support was deleted.');
    expect(deleted).toEqual(['t-support']);
    await vi.waitFor(() => expect(screen.queryByRole('row', { name: /Support/ })).toBeNull());
    // The row and its button are gone: focus goes to the page's heading.
    expect(screen.getByRole('heading', { name: 'Teams' })).toHaveFocus();
  });

  it('shows a supervisor the teams without a single write button', async () => {
    mockLists();
    renderWithClient(<TeamsPage canEdit={false} />);

    await screen.findByRole('table');
    expect(screen.getByText('You can see the teams; only an administrator can change them.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
