import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { browserLocation } from '../lib/browser-location';
import { server } from '../testing/server';
import { createQueryClient } from './query-client';
import { appRoutes } from './routes';

const agent = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'dana@acme.test',
  displayName: 'Dana',
  role: 'agent',
  businessId: 'b1',
  businessName: 'Acme',
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

const signedOut = () => http.get('/api/auth/me', () => new HttpResponse(null, { status: 401 }));

describe('single sign-on on the login page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends the browser to the organisation sign-in for the work email', async () => {
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => {});
    server.use(signedOut());
    renderAt('/login');

    await screen.findByRole('heading', { name: 'Sign in with your organisation' });
    fireEvent.change(screen.getByLabelText('Work email'), { target: { value: ' dana+cc@acme.test ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect(assign).toHaveBeenCalledWith('/api/auth/sso?email=dana%2Bcc%40acme.test');
  });

  it.each([
    ['sso_failed', 'Signing in with your organisation did not work. Please try again.'],
    ['sso_unavailable', "Your organisation's sign-in service cannot be reached right now. Please try again later."],
    ['sso_unknown_account', 'Your organisation knows you, but you have no account here. Ask your administrator.'],
    ['account_disabled', 'Your account is disabled.'],
    ['<script>', 'Signing in with your organisation did not work.'],
  ])('shows what /login?error=%s means', async (code, message) => {
    server.use(signedOut());
    renderAt(`/login?error=${encodeURIComponent(code)}`);

    expect(await screen.findByText(message)).toBeInTheDocument();
  });

  it('shows the error in Hebrew', async () => {
    await i18n.changeLanguage('he');
    try {
      server.use(signedOut());
      renderAt('/login?error=sso_unavailable');
      expect(
        await screen.findByText('שירות ההתחברות של הארגון אינו זמין כרגע. נסו שוב מאוחר יותר.'),
      ).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'התחברות דרך הארגון שלך' })).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('offers the organisation sign-in when the business allows no password', async () => {
    server.use(
      signedOut(),
      http.post('/api/auth/login', () =>
        HttpResponse.json(
          { status: 401, code: 'sso_required', ssoUrl: '/api/auth/sso?email=dana%40acme.test' },
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    renderAt('/login');
    await screen.findByRole('heading', { name: 'Sign in' });

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'dana@acme.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'whatever password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const link = await screen.findByRole('link', { name: 'Sign in with your organisation' });
    expect(link).toHaveAttribute('href', '/api/auth/sso?email=dana%40acme.test');
  });

  it("follows the logout answer to the provider's logout page", async () => {
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => {});
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(agent)),
      http.get('/api/calls', () =>
        HttpResponse.json({ items: [], nextCursor: null, total: 0, totalIsEstimate: false }),
      ),
      http.post('/api/auth/logout', () =>
        HttpResponse.json({ providerLogoutUrl: 'https://idp.acme.test/session/end?client_id=app' }),
      ),
    );
    renderAt('/calls');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://idp.acme.test/session/end?client_id=app'));
  });
});
