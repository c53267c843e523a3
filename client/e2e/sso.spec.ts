import type { Browser, Page } from '@playwright/test';
import en from '../src/i18n/en';
import { PASSWORD } from './support/env';
import { attachScreenshot, expect, test } from './support/fixtures';

// These tests sign in themselves, through the demo business's identity provider: ./test.sh's oidc-provider
// (scripts/idp), where the demo's people have the demo password. Noa and Omer, so that Dana's session (the other
// specs') is never ended by the back-channel logout below.
test.use({ storageState: { cookies: [], origins: [] } });

const IDP = process.env.E2E_IDP_URL ?? '';

async function signInWithOrganisation(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel(en.auth.workEmail).fill(email);
  await page.getByRole('button', { name: en.auth.organisationSubmit }).click();
  // The provider's own sign-in page.
  await expect(page).toHaveURL(new RegExp(`^${IDP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/`));
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/calls$/);
  await expect(page.getByRole('heading', { name: en.calls.title })).toBeVisible();
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test.beforeAll(() => {
  expect(IDP, 'E2E_IDP_URL: the identity provider ./test.sh started').not.toBe('');
});

test('signs in through the organisation, sees the calls, and signs out at the provider too', async ({
  page,
}, testInfo) => {
  await signInWithOrganisation(page, 'noa@recordings.test');
  const rows = page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('link') });
  await expect(rows.first()).toBeVisible();
  await attachScreenshot(page, testInfo, 'sso-calls.png');
  const me = await page.request.get('/api/auth/me');
  expect(((await me.json()) as { email: string }).email).toBe('noa@recordings.test');

  await page.getByRole('button', { name: en.app.signOut }).click();
  // RP-initiated logout: the provider asks, then sends the browser back to the sign-in page.
  await expect(page).toHaveURL(new RegExp(`/session/end`));
  await page.getByRole('button', { name: /sign me out/i }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: en.auth.title, exact: true })).toBeVisible();
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});

test("the provider's back-channel logout ends a second browser's session", async ({ browser, request }) => {
  const first = await newPage(browser);
  const second = await newPage(browser);
  try {
    await signInWithOrganisation(first.page, 'omer@recordings.test');
    await signInWithOrganisation(second.page, 'omer@recordings.test');

    // The provider ends Omer's sessions and tells the app over the back channel (a signed logout token).
    const logout = await request.post(`${IDP}/_test/backchannel-logout`, { data: { email: 'omer@recordings.test' } });
    expect(logout.ok(), await logout.text()).toBe(true);

    for (const { page } of [first, second]) {
      await expect.poll(async () => (await page.request.get('/api/auth/me')).status(), { timeout: 5_000 }).toBe(401);
      await page.goto('/calls');
      await expect(page.getByRole('heading', { name: en.auth.title, exact: true })).toBeVisible();
    }
  } finally {
    await first.context.close();
    await second.context.close();
  }
});

test('a sign-in the provider does not vouch for lands on the sign-in page with a clear message', async ({ page }) => {
  await page.goto('/login?error=sso_unknown_account');
  await expect(page.getByRole('alert')).toHaveText(en.auth.ssoErrors.sso_unknown_account);
  await page.goto('/api/auth/sso?email=nobody%40nowhere.example');
  await expect(page).toHaveURL(/\/login\?error=sso_not_configured$/);
  await expect(page.getByRole('alert')).toHaveText(en.auth.ssoErrors.sso_not_configured);
});
