import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import type { Account } from '../api/types';
import { avi, dana, noa, sales, support } from '../testing/fixtures';
import { renderWithClient } from '../testing/render';
import { AccountsPage } from './AccountsPage';

/** Serves the accounts and teams; returns the list of accounts the GET answers (a test may add to it). */
function mockLists(accounts: Account[] = [dana, avi, noa]) {
  const list = [...accounts];
  server.use(
    http.get('/api/manage/agents', () => HttpResponse.json({ items: list })),
    http.get('/api/manage/teams', () => HttpResponse.json({ items: [sales, support] })),
  );
  return list;
}

const problem = (status: number, body: object) =>
  HttpResponse.json(
    { type: 'about:blank', title: 'x', status, ...body },
    {
      status,
      headers: { 'Content-Type': 'application/problem+json' },
    },
  );

function fillNewAccount({ identities = 'client:maya\n+972521112233', password = 'long-enough-1' } = {}) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'maya@acme.test' } });
  fireEvent.change(screen.getByLabelText('Display name'), { target: { value: 'Maya Katz' } });
  fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'supervisor' } });
  fireEvent.click(within(screen.getByRole('group', { name: 'Teams' })).getByLabelText('Support'));
  fireEvent.change(screen.getByLabelText('Identities'), { target: { value: identities } });
  fireEvent.change(screen.getByLabelText('Initial password'), { target: { value: password } });
}

describe('AccountsPage', () => {
  it('lists the accounts with their role, teams, identities and status', async () => {
    mockLists();
    renderWithClient(<AccountsPage canEdit />);

    const table = await screen.findByRole('table', { name: 'The business’s accounts' });
    const row = within(table).getByRole('row', { name: /Avi Levi/ });
    expect(within(row).getByText('avi@acme.test')).toBeInTheDocument();
    expect(within(row).getByText('Agent')).toBeInTheDocument();
    expect(await within(row).findByText('Sales')).toBeInTheDocument();
    expect(within(row).getByText('client:avi')).toBeInTheDocument();
    expect(within(row).getByText('+972501234567')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: /Noa Bar/ })).getByText('Disabled')).toBeInTheDocument();
  });

  it('creates an account and lists it, focus back on "New account"', async () => {
    const list = mockLists();
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/manage/agents', async ({ request }) => {
        const body = (await request.json()) as Omit<Account, 'id' | 'disabled'> & { password: string };
        bodies.push(body);
        const created: Account = {
          id: '44444444-4444-4444-8444-444444444444',
          email: body.email,
          displayName: body.displayName,
          role: body.role,
          teamIds: body.teamIds,
          identities: body.identities,
          disabled: false,
        };
        list.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    renderWithClient(<AccountsPage canEdit />);
    await screen.findByRole('table');

    const newButton = screen.getByRole('button', { name: 'New account' });
    fireEvent.click(newButton);
    expect(screen.getByRole('form', { name: 'New account' })).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveFocus();
    fillNewAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('status')).toHaveTextContent('The account of Maya Katz was created.');
    expect(bodies).toEqual([
      {
        email: 'maya@acme.test',
        displayName: 'Maya Katz',
        role: 'supervisor',
        teamIds: ['t-support'],
        identities: ['client:maya', '+972521112233'],
        password: 'long-enough-1',
      },
    ]);
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(await screen.findByRole('row', { name: /Maya Katz/ })).toBeInTheDocument();
    expect(newButton).toHaveFocus();
  });

  it('says an identity is taken, beside the identities, and keeps what was typed', async () => {
    mockLists();
    server.use(http.post('/api/manage/agents', () => problem(409, { code: 'identity_taken' })));
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New account' }));
    fillNewAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'One of these identities is already used by another account.',
    );
    const identities = screen.getByLabelText('Identities');
    expect(identities).toHaveAttribute('aria-invalid', 'true');
    expect(identities).toHaveAccessibleDescription(/already used by another account/);
    expect(identities).toHaveFocus();
    expect(identities).toHaveValue('client:maya\n+972521112233');
  });

  it('says the server refused an identity, beside the identities', async () => {
    mockLists();
    server.use(http.post('/api/manage/agents', () => problem(422, { code: 'invalid_identity' })));
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New account' }));
    fillNewAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('One of these is not an identity');
    expect(screen.getByLabelText('Identities')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says an email is taken beside the email', async () => {
    mockLists();
    server.use(http.post('/api/manage/agents', () => problem(409, { code: 'email_taken' })));
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New account' }));
    fillNewAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Another account already uses this email.');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Another account already uses this email.');
  });

  it('shows a 400’s errors beside their fields', async () => {
    mockLists();
    server.use(
      http.post('/api/manage/agents', () =>
        problem(400, {
          code: 'validation_failed',
          errors: { DisplayName: ['The display name is too long.'], 'Identities[0]': ['Unknown identity kind.'] },
        }),
      ),
    );
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New account' }));
    fillNewAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields need correcting');
    expect(screen.getByLabelText('Display name')).toHaveAccessibleDescription('The display name is too long.');
    expect(screen.getByLabelText('Identities')).toHaveAccessibleDescription(/Unknown identity kind\./);
    expect(screen.getByLabelText('Display name')).toHaveFocus();
  });

  it('checks the password and the identities before sending anything', async () => {
    mockLists();
    let posts = 0;
    server.use(
      http.post('/api/manage/agents', () => {
        posts++;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'New account' }));
    fillNewAccount({ identities: 'client:maya\n0521112233', password: 'short' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByLabelText('Identities')).toHaveAccessibleDescription(/Not an identity: 0521112233\./);
    expect(screen.getByLabelText('Initial password')).toHaveAccessibleDescription(
      /The password must have at least 10 characters\./,
    );
    // The first field in error, in the form's order.
    expect(screen.getByLabelText('Initial password')).toHaveFocus();
    expect(posts).toBe(0);
  });

  it('edits an account, sending only what changed', async () => {
    mockLists();
    const patches: unknown[] = [];
    server.use(
      http.patch('/api/manage/agents/:id', async ({ request, params }) => {
        const body = (await request.json()) as Partial<Account>;
        patches.push({ id: params.id, ...body });
        return HttpResponse.json({ ...avi, ...body });
      }),
    );
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Avi Levi' }));

    const form = screen.getByRole('form', { name: 'Edit Avi Levi' });
    expect(within(form).getByLabelText('Display name')).toHaveFocus();
    expect(within(form).getByLabelText('Identities')).toHaveValue('client:avi\n+972501234567');
    expect(within(form).queryByLabelText('Initial password')).not.toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'supervisor' } });
    fireEvent.click(within(form).getByLabelText('Disabled: the account cannot sign in'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('status')).toHaveTextContent('The changes to Avi Levi were saved.');
    expect(patches).toEqual([{ id: avi.id, role: 'supervisor', disabled: true }]);
  });

  it('says the business must keep an administrator when the last one is demoted', async () => {
    mockLists();
    server.use(http.patch('/api/manage/agents/:id', () => problem(409, { code: 'last_admin' })));
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Dana Cohen' }));
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'agent' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The business must keep at least one administrator.');
    expect(screen.getByRole('form', { name: 'Edit Dana Cohen' })).toBeInTheDocument();
  });

  it('resets a password', async () => {
    mockLists();
    const bodies: unknown[] = [];
    server.use(
      http.put('/api/manage/agents/:id/password', async ({ request, params }) => {
        bodies.push({ id: params.id, ...((await request.json()) as object) });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithClient(<AccountsPage canEdit />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reset password Avi Levi' }));
    const field = screen.getByLabelText('New password');
    expect(field).toHaveFocus();
    fireEvent.change(field, { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(bodies).toEqual([]);

    fireEvent.change(field, { target: { value: 'a-new-long-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The password of Avi Levi was changed');
    expect(bodies).toEqual([{ id: avi.id, password: 'a-new-long-password' }]);
  });

  it('shows a supervisor the accounts without a single write button', async () => {
    mockLists();
    renderWithClient(<AccountsPage canEdit={false} />);

    await screen.findByRole('table');
    expect(screen.getByText('You can see the accounts; only an administrator can change them.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
  });

  it('says "no access" when the server refuses the list', async () => {
    server.use(
      http.get('/api/manage/agents', () => problem(403, { code: 'forbidden' })),
      http.get('/api/manage/teams', () => problem(403, { code: 'forbidden' })),
    );
    renderWithClient(<AccountsPage canEdit={false} />);

    expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
    expect(screen.getByText('You do not have access to this page.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('table')).not.toBeInTheDocument());
  });
});
