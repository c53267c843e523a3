import en from '../src/i18n/en';
import he from '../src/i18n/he';
import { expectNoSeriousViolations } from './support/axe';
import { PASSWORD } from './support/env';
import { attachScreenshot, expect, test } from './support/fixtures';

// Dana (the suite's login) is the demo business's admin; Sam supervises North (the back end's demo mode seeds them).

test('an admin manages accounts in the product: creates one, sees it audited, and can download the log as CSV', async ({
  page,
  pageLog,
}) => {
  const stamp = Date.now();
  const email = `e2e-${stamp}@recordings.test`;
  const name = `E2E Agent ${stamp}`;

  await page.goto('/calls');
  const nav = page.getByRole('navigation', { name: en.nav.label });
  for (const item of [en.nav.calls, en.nav.accounts, en.nav.teams, en.nav.settings, en.nav.audit]) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }

  await nav.getByRole('link', { name: en.nav.accounts }).click();
  await expect(page.getByRole('heading', { name: en.manage.accounts.title })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Noa Levi' })).toBeVisible();
  await expectNoSeriousViolations(page, 'accounts');

  await page.getByRole('button', { name: en.manage.accounts.new }).click();
  await page.getByLabel(en.manage.accounts.email).fill(email);
  await page.getByLabel(en.manage.accounts.displayName).fill(name);
  await page.getByLabel(en.manage.accounts.password).fill(PASSWORD);
  await page.getByLabel(en.manage.accounts.identities).fill(`client:e2e${stamp}`);
  await expectNoSeriousViolations(page, 'the new account form');
  await page.getByRole('button', { name: en.manage.accounts.create }).click();
  await expect(page.getByText(en.manage.accounts.created.replace('{{name}}', name))).toBeVisible();
  await expect(page.getByRole('rowheader', { name })).toBeVisible();

  // The same identity again: the server's 409 identity_taken, said in words.
  await page.getByRole('button', { name: en.manage.accounts.new }).click();
  await page.getByLabel(en.manage.accounts.email).fill(`other-${email}`);
  await page.getByLabel(en.manage.accounts.displayName).fill(`${name} 2`);
  await page.getByLabel(en.manage.accounts.password).fill(PASSWORD);
  await page.getByLabel(en.manage.accounts.identities).fill(`client:e2e${stamp}`);
  await page.getByRole('button', { name: en.manage.accounts.create }).click();
  await expect(page.getByRole('alert').filter({ hasText: en.manage.errors.identityTaken })).toBeVisible();
  await page.getByRole('button', { name: en.manage.cancel }).click();

  await nav.getByRole('link', { name: en.nav.teams }).click();
  await expect(page.getByRole('heading', { name: en.manage.teams.title })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'North' })).toBeVisible();
  await expectNoSeriousViolations(page, 'teams');

  await nav.getByRole('link', { name: en.nav.settings }).click();
  await expect(page.getByRole('heading', { name: en.manage.settings.title })).toBeVisible();
  await expectNoSeriousViolations(page, 'settings');

  await nav.getByRole('link', { name: en.nav.audit }).click();
  await expect(page.getByRole('heading', { name: en.manage.audit.title })).toBeVisible();
  await page.getByLabel(en.manage.audit.action).selectOption('agent_created');
  await page.getByRole('button', { name: en.manage.audit.apply }).click();
  const entries = page.getByRole('table', { name: en.manage.audit.caption });
  await expect(entries.getByText(en.manage.audit.actions.agent_created).first()).toBeVisible();
  const download = page.getByRole('link', { name: en.manage.audit.download });
  await expect(download).toHaveAttribute('href', /\/api\/manage\/audit\.csv\?.*action=agent_created/);
  const csv = await page.request.get((await download.getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split('\n')[0]).toContain('action');
  expect(text).toContain(`account:`);
  await expectNoSeriousViolations(page, 'audit log');
  expect(pageLog.pageErrors).toEqual([]);
});

test('the administration screens in Hebrew, right to left', async ({ page }, testInfo) => {
  await page.addInitScript(() => window.localStorage.setItem('recordings.language', 'he'));

  await page.goto('/manage/agents');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: he.manage.accounts.title })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Noa Levi' })).toBeVisible();
  await expectNoSeriousViolations(page, 'accounts in Hebrew');
  await attachScreenshot(page, testInfo, 'admin-accounts-hebrew.png');

  await page.goto('/manage/teams');
  await expect(page.getByRole('heading', { name: he.manage.teams.title })).toBeVisible();
  await expectNoSeriousViolations(page, 'teams in Hebrew');

  await page.goto('/manage/settings');
  await expect(page.getByRole('heading', { name: he.manage.settings.title })).toBeVisible();
  await expectNoSeriousViolations(page, 'settings in Hebrew');
  await attachScreenshot(page, testInfo, 'admin-settings-hebrew.png');

  await page.goto('/manage/audit');
  await expect(page.getByRole('heading', { name: he.manage.audit.title })).toBeVisible();
  await expectNoSeriousViolations(page, 'audit log in Hebrew');
});

test.describe('a supervisor', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('reads accounts and teams without changing them, and has no settings or audit log', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel(en.auth.email, { exact: true }).fill('sam@recordings.test');
    await page.getByLabel(en.auth.password).fill(PASSWORD);
    await page.getByRole('button', { name: en.auth.submit, exact: true }).click();
    await expect(page).toHaveURL(/\/calls$/);

    const nav = page.getByRole('navigation', { name: en.nav.label });
    await expect(nav.getByRole('link', { name: en.nav.accounts })).toBeVisible();
    await expect(nav.getByRole('link', { name: en.nav.settings })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: en.nav.audit })).toHaveCount(0);

    await nav.getByRole('link', { name: en.nav.accounts }).click();
    await expect(page.getByText(en.manage.accounts.readOnly)).toBeVisible();
    await expect(page.getByRole('button', { name: en.manage.accounts.new })).toHaveCount(0);

    await page.goto('/manage/audit');
    await expect(page.getByText(en.access.denied)).toBeVisible();
    expect((await page.request.put('/api/manage/settings', { data: { agentsSee: 'own' } })).status()).toBe(403);
  });
});
